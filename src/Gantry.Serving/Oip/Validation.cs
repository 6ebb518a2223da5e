using Gantry.Core;

namespace Gantry.Serving.Oip;

/// <summary>Checks a request against a model's signature before anything is queued.</summary>
internal static class Validation
{
    public static GantryError? Check(InferRequest request, ModelSignature signature)
    {
        if (request.Inputs.Count == 0)
            return GantryError.Invalid($"the request has no inputs; the model takes {Names(signature.Inputs)}");
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            for (var j = 0; j < i; j++)
            {
                if (request.Inputs[j].Name == input.Name)
                    return GantryError.Invalid($"input '{input.Name}' appears twice");
            }
            var spec = Find(signature.Inputs, input.Name);
            if (spec is null)
                return GantryError.Invalid($"the model has no input '{input.Name}'; its inputs are {Names(signature.Inputs)}");
            if (CheckInput(input, spec) is { } error)
                return error;
        }
        foreach (var spec in signature.Inputs)
        {
            if (!Contains(request.Inputs, spec.Name))
                return GantryError.Invalid($"input '{spec.Name}' is missing; the model takes {Names(signature.Inputs)}");
        }
        if (request.Outputs is { } outputs)
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                if (Find(signature.Outputs, outputs[i].Name) is null)
                    return GantryError.Invalid($"the model has no output '{outputs[i].Name}'; its outputs are {Names(signature.Outputs)}");
                for (var j = 0; j < i; j++)
                {
                    if (outputs[j].Name == outputs[i].Name)
                        return GantryError.Invalid($"output '{outputs[i].Name}' is requested twice");
                }
            }
        }
        return null;
    }

    private static GantryError? CheckInput(Tensor input, TensorSpec spec)
    {
        if (input.Datatype != spec.Datatype)
            return GantryError.Invalid($"input '{input.Name}' has datatype {TensorTypes.ToOip(input.Datatype)} but the model takes {TensorTypes.ToOip(spec.Datatype)}");
        if (input.Shape.Length != spec.Shape.Count)
            return GantryError.Invalid($"input '{input.Name}' has shape {Format(input.Shape)} (rank {input.Shape.Length}) but the model takes rank {spec.Shape.Count}: {Format(spec.Shape)}");
        for (var d = 0; d < input.Shape.Length; d++)
        {
            if (input.Shape[d] < 0)
                return GantryError.Invalid($"input '{input.Name}' has a negative dimension in shape {Format(input.Shape)}");
            if (spec.Shape[d] >= 0 && spec.Shape[d] != input.Shape[d])
                return GantryError.Invalid($"input '{input.Name}' has shape {Format(input.Shape)} but the model takes {Format(spec.Shape)} (dimension {d} must be {spec.Shape[d]})");
        }
        if (!TensorTypes.Matches(input.Datatype, input.Data))
            return GantryError.Invalid($"input '{input.Name}' holds {input.Data.GetType().Name}, not the array type of {TensorTypes.ToOip(input.Datatype)}");
        var count = Shapes.ElementCount(input.Shape);
        if (count != input.Data.Length)
            return GantryError.Invalid($"input '{input.Name}' has {input.Data.Length} elements but shape {Format(input.Shape)} needs {count}");
        return null;
    }

    private static TensorSpec? Find(IReadOnlyList<TensorSpec> specs, string name)
    {
        foreach (var spec in specs)
        {
            if (spec.Name == name)
                return spec;
        }
        return null;
    }

    private static bool Contains(IReadOnlyList<Tensor> tensors, string name)
    {
        foreach (var tensor in tensors)
        {
            if (tensor.Name == name)
                return true;
        }
        return false;
    }

    private static string Names(IReadOnlyList<TensorSpec> specs)
    {
        var names = new string[specs.Count];
        for (var i = 0; i < names.Length; i++)
            names[i] = $"{specs[i].Name} ({TensorTypes.ToOip(specs[i].Datatype)} {Format(specs[i].Shape)})";
        return string.Join(", ", names);
    }

    private static string Format(IReadOnlyList<long> shape) => $"[{string.Join(',', shape)}]";
}
