using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api.Serving;

namespace Gantry.Cli.Commands.Serving;

/// <summary><c>gantry infer NAME --input x=[...]</c>: one Open Inference Protocol request, outputs as a table or JSON.</summary>
internal static class InferCommand
{
    public static Command Create(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Deployment name" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input as NAME=[json array] or NAME=@file.json (repeatable); the datatype comes from the model",
            Required = true,
        };
        var shapes = new Option<string[]>("--shape") { Description = "An input's shape as NAME=D1,D2 [default: from the nesting of the data]" };
        var id = new Option<string?>("--id") { Description = "Request id, echoed in the response" };
        var json = CommandBinder.JsonOption();
        var command = new Command("infer", "Send one inference request to a deployment") { name, inputs, shapes, id, json };
        return binder.Bind(command, async context =>
        {
            var deployment = context.Value(name)!;
            var metadata = await context.Client.GetModelMetadataAsync(deployment, context.CancellationToken);
            var parsed = InferInputs.Parse(context.Value(inputs) ?? [], context.Value(shapes) ?? [], metadata, context.Environment.WorkingDirectory);
            var result = await context.Client.InferAsync(deployment, new InferRequestBody(parsed, context.Value(id)), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(result);
            else
                await context.WriteAsync(DeployText.Outputs(result));
            return ExitCodes.Ok;
        });
    }
}
