using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Backfill: a job that would still run when a reservation on this node starts may not use the
/// reserved GPUs, nor the CPUs and memory the reserved job will need then.
/// </summary>
internal sealed class ReservationFilter : INodeFilter
{
    public string Name => "reservation";

    public bool Admits(WorkNode node, in JobShape job, in PlacementRequest request, ref NodeContext context)
    {
        var book = request.Reservations;
        if (book is null || book.Count == 0)
            return true;
        var hold = book.HoldOn(node.Id);
        if (hold is null || request.End <= hold.Start)
            return true;
        context.Excluded |= hold.Mask;
        context.Cpu = Math.Min(context.Cpu, hold.CpuSlack);
        context.Memory = Math.Min(context.Memory, hold.MemorySlack);
        return true;
    }
}
