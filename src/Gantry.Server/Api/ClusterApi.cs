using Gantry.Core.Api;
using Gantry.Server.Cluster;
using Gantry.Server.Jobs;
using Gantry.Server.Leadership;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

internal static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Cluster");
        group.MapGet("/nodes", Nodes).WithName("ListNodes").WithSummary("Nodes with their capacity and what is allocated");
        group.MapGet("/gpus", Gpus).WithName("ListGpus").WithSummary("Accelerators on every node, with topology and the job holding each");
        group.MapGet("/cluster", Status).WithName("ClusterStatus").WithSummary("Whether this server leads (runs the scheduler) or follows, and where the metadata lives");
        return routes;
    }

    private static Ok<ClusterStatusView> Status(LeaderElection leadership, Storage.MetadataStore store) =>
        TypedResults.Ok(new ClusterStatusView(
            leadership.IsLeader ? "leader" : "follower",
            leadership.IsLeader,
            store.Provider.ToString().ToLowerInvariant(),
            store.Description,
            leadership.LeaderSince));

    private static Ok<NodeView[]> Nodes(ClusterInventory inventory, JobSupervisor supervisor)
    {
        var allocations = supervisor.Allocations.ToList();
        return TypedResults.Ok(inventory.Nodes.Select(e =>
        {
            var held = allocations.SelectMany(a => a.Placements.Where(p => p.Node == e.Node.Name).Select(p => (a.Cpus, a.MemoryBytes, p.Devices))).ToList();
            return new NodeView(
                e.Node.Name,
                e.Pool,
                e.Executor.Kind,
                e.Node.Cpus,
                held.Sum(a => a.Cpus),
                e.Node.MemoryBytes,
                held.Sum(a => a.MemoryBytes),
                e.Node.Accelerators.Count,
                held.Sum(a => a.Devices.Count),
                e.Node.DiscoveredBy);
        }).ToArray());
    }

    private static Ok<GpuView[]> Gpus(ClusterInventory inventory, JobSupervisor supervisor)
    {
        var holders = supervisor.Allocations
            .SelectMany(a => a.Placements.SelectMany(p => p.Devices.Select(d => (p.Node, Device: d, a.JobId))))
            .ToDictionary(x => (x.Node, x.Device), x => x.JobId);
        return TypedResults.Ok(inventory.Nodes.SelectMany(e => e.Node.Accelerators.Select(d =>
        {
            IReadOnlyDictionary<int, string>? links = e.Node.Topology is { } topology && topology.Gpus.Contains(d.Index)
                ? topology.Gpus.Where(g => g != d.Index).ToDictionary(g => g, g => topology.Link(d.Index, g))
                : null;
            return new GpuView(
                e.Node.Name,
                d.Index,
                d.Vendor,
                d.Uuid,
                d.Model,
                d.MemoryBytes,
                d.PciBusId,
                d.IsGpu,
                holders.TryGetValue((e.Node.Name, d.Index), out var job) ? job : null,
                links);
        })).ToArray());
    }
}
