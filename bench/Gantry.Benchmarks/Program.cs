using Gantry.Benchmarks;
using Gantry.Benchmarks.Data;
using Gantry.Benchmarks.Scheduling;

// Scenario benchmarks: each prints the baseline and Gantry side by side with the ratio.
//   dotnet run -c Release --project bench/Gantry.Benchmarks -- [all|submit|overhead|idle|data|monitoring|dashboard|scheduling|scale|fragmentation|queueing|serving|slurm]
var scenario = args.Length > 0 ? args[0] : "all";
Console.WriteLine($"# Gantry scenario benchmarks ({TimeProvider.System.GetUtcNow():yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine($"# command: dotnet run -c Release --project bench/Gantry.Benchmarks -- {scenario}");
if (scenario is "all" or "submit")
    await SubmitThroughput.RunAsync();
if (scenario is "all" or "overhead")
    await TrivialJobOverhead.RunAsync();
if (scenario is "all" or "idle")
    await IdleMemory.RunAsync();
if (scenario is "all" or "data")
    await DataStoreBenchmark.RunAsync();
if (scenario is "all" or "monitoring")
    await Gantry.Benchmarks.Monitoring.MonitoringBenchmark.RunAsync();
if (scenario is "all" or "dashboard")
    await Gantry.Benchmarks.Monitoring.DashboardBenchmark.RunAsync();
if (scenario is "all" or "scheduling" or "scale")
    SchedulingScale.Run();
if (scenario is "all" or "scheduling" or "fragmentation")
    SchedulingFragmentation.Run();
if (scenario is "all" or "scheduling" or "queueing")
    SchedulingQueueing.Run();
if (scenario is "slurm")
    await Gantry.Benchmarks.Slurm.SlurmSubmission.RunAsync();
if (scenario is "all" or "serving")
    await Gantry.Benchmarks.Serving.ServingBenchmark.RunAsync();
if (scenario is "serving-overhead")
    await Gantry.Benchmarks.Serving.ServingOverhead.RunAsync();
