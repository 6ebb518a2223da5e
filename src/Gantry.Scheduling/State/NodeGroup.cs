namespace Gantry.Scheduling.State;

/// <summary>
/// The schedulable nodes of one pool with one GPU model (or none, or mixed), bucketed by how many
/// whole GPUs they have free, plus the list of those with a partly used GPU. Finding a node for
/// "k whole GPUs" is a walk up the buckets from k; packing falls out of walking upwards.
/// </summary>
internal sealed class NodeGroup
{
    public NodeGroup(int pool, int model, int maxGpus)
    {
        Pool = pool;
        Model = model;
        Buckets = new List<WorkNode>[maxGpus + 1];
        for (var i = 0; i < Buckets.Length; i++)
            Buckets[i] = [];
    }

    public int Pool { get; }

    /// <summary>Model id; -1 for nodes without GPUs, -2 for nodes with several models.</summary>
    public int Model { get; }

    /// <summary>Buckets[k] holds the nodes with exactly k whole GPUs free.</summary>
    public List<WorkNode>[] Buckets { get; }

    public List<WorkNode> Partial { get; } = [];

    public int MaxGpus => Buckets.Length - 1;

    public void Add(WorkNode node)
    {
        node.Group = this;
        Place(node);
    }

    /// <summary>Moves a node to the bucket and partial list its current free GPUs call for.</summary>
    public void Update(WorkNode node)
    {
        if (node.BucketOf != node.FullFree)
        {
            RemoveFromBucket(Buckets[node.BucketOf], node.BucketSlot);
            var bucket = Buckets[node.FullFree];
            node.BucketOf = node.FullFree;
            node.BucketSlot = bucket.Count;
            bucket.Add(node);
        }

        var wantPartial = node.PartialCount > 0;
        if (wantPartial && node.PartialSlot < 0)
        {
            node.PartialSlot = Partial.Count;
            Partial.Add(node);
        }
        else if (!wantPartial && node.PartialSlot >= 0)
        {
            RemovePartial(node);
        }
    }

    private void Place(WorkNode node)
    {
        var bucket = Buckets[node.FullFree];
        node.BucketOf = node.FullFree;
        node.BucketSlot = bucket.Count;
        bucket.Add(node);
        if (node.PartialCount > 0)
        {
            node.PartialSlot = Partial.Count;
            Partial.Add(node);
        }
    }

    private void RemovePartial(WorkNode node)
    {
        var slot = node.PartialSlot;
        var last = Partial[^1];
        Partial[slot] = last;
        last.PartialSlot = slot;
        Partial.RemoveAt(Partial.Count - 1);
        node.PartialSlot = -1;
    }

    private static void RemoveFromBucket(List<WorkNode> list, int slot)
    {
        // Swap with the last: O(1), and the order stays a pure function of the operations (deterministic).
        var last = list[^1];
        list[slot] = last;
        last.BucketSlot = slot;
        list.RemoveAt(list.Count - 1);
    }
}
