namespace Gantry.Scheduling.State;

/// <summary>
/// A node's free capacity during one cycle (or one simulation), mutable and indexed by position:
/// GPU position p has <see cref="Free"/>[p] thousandths free, model <see cref="Model"/>[p], device
/// index <see cref="Device"/>[p] and NVLink group <see cref="Link"/>[p].
/// </summary>
internal sealed class WorkNode
{
    public const int Whole = 1000;

    public WorkNode(int id, string name, int pool, int gpus)
    {
        Id = id;
        Name = name;
        Pool = pool;
        Free = new int[gpus];
        Model = new int[gpus];
        Device = new int[gpus];
        Link = new int[gpus];
    }

    public int Id { get; }

    public string Name { get; }

    public int Pool { get; }

    public bool Schedulable { get; set; } = true;

    public long CpuCapacity { get; set; }

    public long MemoryCapacity { get; set; }

    public long CpuFree { get; set; }

    public long MemoryFree { get; set; }

    public int[] Free { get; }

    public int[] Model { get; }

    public int[] Device { get; }

    public int[] Link { get; }

    public int GpuCount => Free.Length;

    /// <summary>The model id of every GPU here; -1 with no GPUs; -2 with several models.</summary>
    public int PrimaryModel { get; set; } = -1;

    /// <summary>GPUs that are entirely free.</summary>
    public int FullFree { get; private set; }

    /// <summary>GPUs that are partly used and partly free.</summary>
    public int PartialCount { get; private set; }

    public int FreeMilliTotal { get; private set; }

    /// <summary>Changes on every allocation or release, for caches keyed by node state.</summary>
    public int Version { get; private set; }

    // Where the index keeps this node (see NodeGroup); -1 when not indexed.
    internal int BucketSlot { get; set; } = -1;

    internal int BucketOf { get; set; } = -1;

    internal int PartialSlot { get; set; } = -1;

    internal NodeGroup? Group { get; set; }

    public void Recount()
    {
        var full = 0;
        var partial = 0;
        var total = 0;
        foreach (var f in Free)
        {
            if (f >= Whole)
                full++;
            else if (f > 0)
                partial++;
            total += f;
        }

        FullFree = full;
        PartialCount = partial;
        FreeMilliTotal = total;
        Version++;
    }

    public override string ToString() => $"{Name} cpu {CpuFree}/{CpuCapacity} gpus [{string.Join(',', Free)}]";
}
