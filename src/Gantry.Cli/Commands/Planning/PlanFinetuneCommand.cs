using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Planning.Plans;

namespace Gantry.Cli.Commands.Planning;

/// <summary><c>gantry plan finetune --model NAME --method full|lora|qlora [--gpu G] [--tokens N] …</c>.</summary>
internal static class PlanFinetuneCommand
{
    public static Command Create(CommandBinder binder, Option<string?> catalog)
    {
        var model = new Option<string?>("--model") { Description = "A catalog model: llama-2-7b, llama-3-70b, mistral-7b, …" };
        var parameters = PlanRunner.CountOption("--params", "Parameter count: 7B (overrides the model's, or stands alone)");
        var method = PlanCommands.Choice<FinetuneMethod>(new Option<string?>("--method") { Description = "How the model is updated [default: lora]" });
        var gpu = new Option<string?>("--gpu") { Description = "GPU type from the catalog: A100-80GB, L40S, H100, …" };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs to train on [default: the fewest that fit]" };
        var tokens = PlanRunner.CountOption("--tokens", "Tokens trained on, all epochs together, e.g. 100M; needed for time and cost");
        var rank = new Option<int?>("--rank") { Description = "LoRA/QLoRA adapter rank [default: 16]" };
        var seq = new Option<int?>("--seq") { Description = "Sequence length [default: 2048, or the model's context if shorter]" };
        var microBatch = new Option<int?>("--micro-batch") { Description = "Sequences per micro-batch per GPU [default: 1]" };
        var zero = new Option<int?>("--zero") { Description = "ZeRO stage 0-3 for a full fine-tune [default: the lowest that fits]" };
        var tp = new Option<int?>("--tp") { Description = "Tensor-parallel degree" };
        var pp = new Option<int?>("--pp") { Description = "Pipeline-parallel degree" };
        var recompute = PlanCommands.Choice<Recompute>(new Option<string?>("--recompute") { Description = "Activation recomputation [default: full for adapters]" });
        var mfu = new Option<double?>("--mfu") { Description = "Model FLOPs utilisation, 0-1 [default: the GPU class's]" };
        var pue = new Option<double?>("--pue") { Description = "Data-centre PUE for energy [default: catalog]" };
        var usable = new Option<double?>("--usable-memory") { Description = "Share of GPU memory a plan may fill, 0-1 [default: catalog]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("finetune", "Size a full, LoRA or QLoRA fine-tune: memory per GPU, fewest GPUs and, with --tokens, time and cost")
        {
            model, parameters, method, gpu, gpus, tokens, rank, seq, microBatch, zero, tp, pp, recompute, mfu, pue, usable, json,
        };
        return binder.Bind(command, context =>
        {
            var planner = PlanRunner.PlannerFor(context, catalog);
            var plan = planner.Finetune(new FinetunePlanInput
            {
                Model = context.Value(model),
                Params = context.Value(parameters),
                Method = PlanCommands.Parse<FinetuneMethod>(context.Value(method)) ?? FinetuneMethod.Lora,
                Gpu = context.Value(gpu),
                Gpus = context.Value(gpus),
                Tokens = context.Value(tokens),
                LoraRank = context.Value(rank),
                SeqLen = context.Value(seq),
                MicroBatch = context.Value(microBatch),
                ZeroStage = context.Value(zero),
                Tp = context.Value(tp),
                Pp = context.Value(pp),
                Recompute = PlanCommands.Parse<Recompute>(context.Value(recompute)),
                Mfu = context.Value(mfu),
                Pue = context.Value(pue),
                UsableMemoryFraction = context.Value(usable),
            });
            return PlanRunner.FinishAsync(context, plan, context.Value(json), PlanSummary.Finetune);
        });
    }
}
