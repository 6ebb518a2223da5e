namespace Gantry.Scheduling.Simulation;

/// <summary>What the simulator measures.</summary>
public enum SimulationMode
{
    /// <summary>FGD's workload inflation: tasks arrive one after another, never leave, and each is placed or fails.</summary>
    Inflation,

    /// <summary>The trace's arrivals and run times in virtual time, through the queue: waits, JCT, utilisation.</summary>
    Replay,
}
