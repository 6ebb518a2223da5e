using Gantry.Scheduling.Model;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Keeps scarce GPU models for the work that needs them: a job that accepts any model is steered
/// away from models that type-constrained work in the mix asks for more than the cluster has of
/// them. Pressure of a model = share of the mix's GPU demand that is restricted to models
/// including it ÷ that model's share of the GPUs. Jobs with a type constraint are not steered. In [-∞, 0].
/// </summary>
internal sealed class ModelPressureScorer : INodeScorer
{
    private readonly double[] _pressure;

    public ModelPressureScorer(IReadOnlyList<WorkloadClass> mix, WorkCluster cluster)
    {
        var models = cluster.Models;
        _pressure = new double[models.Count];
        var gpusOf = new double[models.Count];
        double gpus = 0;
        foreach (var n in cluster.Nodes)
        {
            foreach (var m in n.Model)
            {
                gpusOf[m]++;
                gpus++;
            }
        }

        var demand = mix.Sum(c => c.Weight * c.Gpus * c.GpuMilli);
        if (demand <= 0 || gpus <= 0)
            return;
        foreach (var c in mix)
        {
            if (c.GpuType is null || c.Gpus == 0)
                continue;
            var accepts = models.Accepting(c.GpuType);
            var share = c.Weight * c.Gpus * c.GpuMilli / demand;
            for (var m = 0; m < models.Count; m++)
            {
                if (accepts[m] && gpusOf[m] > 0)
                    _pressure[m] += share / (gpusOf[m] / gpus);
            }
        }
    }

    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        if (job.GpuType is not null || positions.Length == 0)
            return 0;
        return -_pressure[node.Model[positions[0]]];
    }
}
