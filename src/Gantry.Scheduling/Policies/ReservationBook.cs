using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Policies;

/// <summary>The reservations of one cycle and, per node, what they keep back from backfilled jobs.</summary>
internal sealed class ReservationBook(int nodeCount)
{
    private readonly Hold?[] _holds = new Hold?[nodeCount];
    private readonly List<Reservation> _all = [];

    public int Count => _all.Count;

    public IReadOnlyList<Reservation> All => _all;

    public double EarliestStart { get; private set; } = double.PositiveInfinity;

    /// <summary>The latest reservation start: a job ending after it is constrained by every hold.</summary>
    public double LatestStart { get; private set; } = double.NegativeInfinity;

    public Hold? HoldOn(int nodeId) => _holds[nodeId];

    /// <summary>Records a reservation; <paramref name="slack"/> gives, per chosen node, the CPUs and memory left at its start.</summary>
    public void Add(Reservation reservation, IReadOnlyList<(long Cpu, long Memory)> slack)
    {
        _all.Add(reservation);
        EarliestStart = Math.Min(EarliestStart, reservation.Start);
        LatestStart = Math.Max(LatestStart, reservation.Start);
        for (var i = 0; i < reservation.Nodes.Count; i++)
        {
            var choice = reservation.Nodes[i];
            var hold = _holds[choice.Node.Id] ??= new Hold();
            hold.Start = Math.Min(hold.Start, reservation.Start);
            foreach (var p in choice.Positions)
                hold.Mask |= p < 64 ? 1UL << p : ulong.MaxValue;
            hold.CpuSlack = Math.Min(hold.CpuSlack, slack[i].Cpu);
            hold.MemorySlack = Math.Min(hold.MemorySlack, slack[i].Memory);
        }
    }

    /// <summary>A job placed on a held node that runs past the hold's start uses up slack.</summary>
    public void Consume(WorkNode node, long cpu, long memory, double end)
    {
        var hold = _holds[node.Id];
        if (hold is null || end <= hold.Start)
            return;
        hold.CpuSlack -= cpu;
        hold.MemorySlack -= memory;
    }

    /// <summary>The job whose reservation holds one of these nodes (for "why pending").</summary>
    public long? HolderOf(IEnumerable<WorkNode> nodes)
    {
        foreach (var n in nodes)
        {
            if (_holds[n.Id] is null)
                continue;
            foreach (var r in _all)
            {
                if (r.Nodes.Any(c => c.Node.Id == n.Id))
                    return r.JobId;
            }
        }

        return _all.Count > 0 ? _all[0].JobId : null;
    }
}
