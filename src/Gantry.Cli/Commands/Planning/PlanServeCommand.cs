using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Planning.Plans;

namespace Gantry.Cli.Commands.Planning;

/// <summary><c>gantry plan serve --model NAME|--params N --context N --concurrency N [--qps N] [--gpu G]</c>.</summary>
internal static class PlanServeCommand
{
    public static Command Create(CommandBinder binder, Option<string?> catalog)
    {
        var model = new Option<string?>("--model") { Description = "A catalog model: llama-3-70b, mixtral-8x7b, …" };
        var parameters = PlanRunner.CountOption("--params", "Parameter count, e.g. 13B (with --model: overrides its count)");
        var gpu = new Option<string?>("--gpu") { Description = "GPU type from the catalog: H100, L4, A10G, …" };
        var context = new Option<int?>("--context") { Description = "Tokens a sequence holds, prompt and output [default: the model's context]" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Sequences decoded at once across the fleet [default: 1]" };
        var qps = new Option<double?>("--qps") { Description = "Requests per second to sustain" };
        var outputTokens = new Option<int?>("--output-tokens") { Description = "Output tokens per request, with --qps [default: 256]" };
        var weights = PlanCommands.Choice<NumericPrecision>(new Option<string?>("--weights") { Description = "Weight precision [default: bf16]" });
        var kv = PlanCommands.Choice<NumericPrecision>(new Option<string?>("--kv") { Description = "KV-cache precision [default: bf16]" });
        var usable = new Option<double?>("--usable-memory") { Description = "Share of GPU memory the server may fill, 0-1 [default: catalog]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("serve", "Size inference: weights, KV cache, GPUs for a load, decode bound, price per million tokens")
        {
            model, parameters, gpu, context, concurrency, qps, outputTokens, weights, kv, usable, json,
        };
        return binder.Bind(command, run =>
        {
            var planner = PlanRunner.PlannerFor(run, catalog);
            var plan = planner.Serve(new ServePlanInput
            {
                Model = run.Value(model),
                Params = run.Value(parameters),
                Gpu = run.Value(gpu),
                Context = run.Value(context),
                Concurrency = run.Value(concurrency),
                Qps = run.Value(qps),
                OutputTokens = run.Value(outputTokens),
                WeightPrecision = PlanCommands.Parse<NumericPrecision>(run.Value(weights)),
                KvPrecision = PlanCommands.Parse<NumericPrecision>(run.Value(kv)),
                UsableMemoryFraction = run.Value(usable),
            });
            return PlanRunner.FinishAsync(run, plan, run.Value(json), PlanSummary.Serve);
        });
    }
}
