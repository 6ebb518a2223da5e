using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Planning.Plans;

namespace Gantry.Cli.Commands.Planning;

/// <summary><c>gantry plan train --params 7B --tokens 2T --gpu A100-80GB [--gpus N] [--mfu X] [--zero 0-3] [--tp N] [--pp N] [--seq N] [--model NAME]</c>.</summary>
internal static class PlanTrainCommand
{
    public static Command Create(CommandBinder binder, Option<string?> catalog)
    {
        var model = new Option<string?>("--model") { Description = "A catalog model (gpt-3-175b, llama-2-70b, …); its shape sizes activations and attention" };
        var parameters = PlanRunner.CountOption("--params", "Parameter count: 7B, 70e9 (overrides the model's)");
        var tokens = PlanRunner.CountOption("--tokens", "Training tokens: 2T, 300B");
        var gpu = new Option<string?>("--gpu") { Description = "GPU type from the catalog: A100-80GB, H100, H200, MI300X, …" };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs to train on [default: the fewest that fit]" };
        var mfu = new Option<double?>("--mfu") { Description = "Model FLOPs utilisation, 0-1 [default: the GPU class's calibrated value]" };
        var zero = new Option<int?>("--zero") { Description = "ZeRO stage 0-3 [default: the lowest that fits]" };
        var tp = new Option<int?>("--tp") { Description = "Tensor-parallel degree [default: the smallest that fits]" };
        var pp = new Option<int?>("--pp") { Description = "Pipeline-parallel degree [default: the smallest that fits]" };
        var seq = new Option<int?>("--seq") { Description = "Sequence length [default: the model's, else 2048]" };
        var microBatch = new Option<int?>("--micro-batch") { Description = "Sequences per micro-batch per GPU [default: 1]" };
        var globalBatch = PlanRunner.CountOption("--global-batch-tokens", "Tokens per optimizer step, e.g. 4M [default: catalog]");
        var recompute = PlanCommands.Choice<Recompute>(new Option<string?>("--recompute") { Description = "Activation recomputation [default: selective if it fits, else full]" });
        var noSequenceParallel = new Option<bool>("--no-sequence-parallel") { Description = "Turn off Megatron sequence parallelism" };
        var precision = PlanCommands.Choice<NumericPrecision>(new Option<string?>("--precision") { Description = "Matrix-multiply precision MFU is measured against [default: bf16]" });
        var pue = new Option<double?>("--pue") { Description = "Data-centre PUE for energy [default: catalog]" };
        var usable = new Option<double?>("--usable-memory") { Description = "Share of GPU memory a plan may fill, 0-1 [default: catalog]" };
        var onPrem = new Option<double?>("--onprem-utilization") { Description = "Busy share of owned servers, to price the run on them [default: catalog]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("train", "Size a pre-training run: FLOPs, GPU-hours, wall clock, memory per GPU, fewest GPUs, storage, energy, cost")
        {
            model, parameters, tokens, gpu, gpus, mfu, zero, tp, pp, seq, microBatch, globalBatch, recompute, noSequenceParallel, precision, pue, usable, onPrem, json,
        };
        return binder.Bind(command, context =>
        {
            var planner = PlanRunner.PlannerFor(context, catalog);
            var plan = planner.Train(new TrainPlanInput
            {
                Model = context.Value(model),
                Params = context.Value(parameters),
                Tokens = context.Value(tokens),
                Gpu = context.Value(gpu),
                Gpus = context.Value(gpus),
                Mfu = context.Value(mfu),
                ZeroStage = context.Value(zero),
                Tp = context.Value(tp),
                Pp = context.Value(pp),
                SeqLen = context.Value(seq),
                MicroBatch = context.Value(microBatch),
                GlobalBatchTokens = context.Value(globalBatch),
                Recompute = PlanCommands.Parse<Recompute>(context.Value(recompute)),
                SequenceParallel = context.Value(noSequenceParallel) ? false : null,
                Precision = PlanCommands.Parse<NumericPrecision>(context.Value(precision)),
                Pue = context.Value(pue),
                UsableMemoryFraction = context.Value(usable),
                OnPremUtilization = context.Value(onPrem),
            });
            return PlanRunner.FinishAsync(context, plan, context.Value(json), PlanSummary.Train);
        });
    }
}
