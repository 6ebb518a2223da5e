using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Policies;

/// <summary>What a job holds on one node, by GPU position (with the share of each) plus CPUs and memory.</summary>
internal sealed record ReleasePart(WorkNode Node, int[] Positions, int[] Milli, long Cpu, long Memory)
{
    public void Give()
    {
        for (var i = 0; i < Positions.Length; i++)
            Node.Free[Positions[i]] += Milli[i];
        Node.CpuFree += Cpu;
        Node.MemoryFree += Memory;
        Node.Recount();
        Node.Group?.Update(Node);
    }

    public void Take()
    {
        for (var i = 0; i < Positions.Length; i++)
            Node.Free[Positions[i]] -= Milli[i];
        Node.CpuFree -= Cpu;
        Node.MemoryFree -= Memory;
        Node.Recount();
        Node.Group?.Update(Node);
    }
}
