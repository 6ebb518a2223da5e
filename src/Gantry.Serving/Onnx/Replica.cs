using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving.Onnx;

/// <summary>
/// One ONNX Runtime session and the pinned buffers its batches are assembled in. Used by one batching thread at a
/// time, so the buffers are reused without locking.
/// </summary>
internal sealed class Replica : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly string[] _inputNames;
    private readonly byte[][] _buffers;

    public Replica(InferenceSession session, ModelSignature signature)
    {
        _session = session;
        _signature = signature;
        _inputNames = new string[signature.Inputs.Count];
        _buffers = new byte[signature.Inputs.Count][];
        for (var i = 0; i < _inputNames.Length; i++)
        {
            _inputNames[i] = signature.Inputs[i].Name;
            _buffers[i] = [];
        }
    }

    /// <summary>Asks the batch running now (if any) to stop; ONNX Runtime checks between kernels.</summary>
    public RunOptions? Current { get; private set; }

    /// <summary>
    /// Runs a zero input of batch 1 (dynamic dimensions 1) so that the first real request does not pay for lazy
    /// initialisation; a replica takes traffic only after this succeeded.
    /// </summary>
    public void WarmUp()
    {
        var inputs = new Tensor[_signature.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var spec = _signature.Inputs[i];
            var shape = new long[spec.Shape.Count];
            for (var d = 0; d < shape.Length; d++)
                shape[d] = spec.Shape[d] < 0 ? 1 : spec.Shape[d];
            inputs[i] = new Tensor(spec.Name, spec.Datatype, shape, TensorTypes.CreateArray(spec.Datatype, checked((int)Shapes.ElementCount(shape))));
        }
        var outputs = new string[_signature.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++)
            outputs[i] = _signature.Outputs[i].Name;
        using var options = new RunOptions();
        Run([inputs], [0], outputs, options);
    }

    /// <summary>
    /// Runs one batch: the requests' inputs (ordered as the model's) concatenated by rows, then each output split
    /// back into the requests' rows. With one request nothing is split. Throws <see cref="BatchShapeException"/>
    /// when an output does not have one row per input row, so the batch cannot be split.
    /// </summary>
    public Tensor[][] Run(IReadOnlyList<Tensor[]> requests, int[] rows, string[] outputNames, RunOptions options)
    {
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
                inputs[i] = CreateInput(i, requests);
            Current = options;
            using var outputs = _session.Run(options, _inputNames, inputs, outputNames);
            Current = null;
            return Split(outputs, outputNames, requests.Count, rows);
        }
        finally
        {
            Current = null;
            foreach (var input in inputs)
                input?.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();

    private OrtValue CreateInput(int index, IReadOnlyList<Tensor[]> requests)
    {
        var first = requests[0][index];
        var shape = first.Shape;
        if (requests.Count > 1)
        {
            shape = (long[])first.Shape.Clone();
            long rows = 0;
            for (var r = 0; r < requests.Count; r++)
                rows += requests[r][index].Shape[0];
            shape[0] = rows;
        }
        if (first.Datatype == TensorType.Bytes)
        {
            var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            var at = 0;
            for (var r = 0; r < requests.Count; r++)
            {
                foreach (var element in (byte[][])requests[r][index].Data)
                    value.StringTensorSetElementAt(element.AsSpan(), at++);
            }
            return value;
        }
        var size = TensorTypes.ElementSize(first.Datatype);
        long total = 0;
        for (var r = 0; r < requests.Count; r++)
            total += (long)requests[r][index].Data.Length * size;
        var buffer = _buffers[index];
        if (buffer.Length < total || buffer.Length == 0)
        {
            buffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(total, 64), pinned: true);
            _buffers[index] = buffer;
        }
        var offset = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            var bytes = Shapes.RawBytes(requests[r][index].Data, size);
            bytes.CopyTo(buffer.AsSpan(offset));
            offset += bytes.Length;
        }
        return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, OrtTypes.ToOrt(first.Datatype), shape, Address(buffer), total);
    }

    private static unsafe nint Address(byte[] pinned) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    private static Tensor[][] Split(IReadOnlyList<OrtValue> outputs, string[] names, int requests, int[] rows)
    {
        var results = new Tensor[requests][];
        for (var r = 0; r < requests; r++)
            results[r] = new Tensor[names.Length];
        long totalRows = 0;
        foreach (var count in rows)
            totalRows += count;
        for (var o = 0; o < names.Length; o++)
        {
            var value = outputs[o];
            var info = value.GetTensorTypeAndShape();
            var shape = info.Shape;
            if (!OrtTypes.TryFromOrt(info.ElementDataType, out var type))
                throw new InvalidOperationException($"output '{names[o]}' has element type {info.ElementDataType}, which the Open Inference Protocol cannot carry");
            if (requests == 1)
            {
                results[0][o] = Copy(value, names[o], type, shape, 0);
                continue;
            }
            if (shape.Length == 0 || shape[0] != totalRows)
                throw new BatchShapeException($"output '{names[o]}' has shape [{string.Join(',', shape)}] for a batch of {totalRows} rows");
            var rowElements = Shapes.RowElements(shape);
            long start = 0;
            for (var r = 0; r < requests; r++)
            {
                var part = (long[])shape.Clone();
                part[0] = rows[r];
                results[r][o] = Copy(value, names[o], type, part, start);
                start += rows[r] * rowElements;
            }
        }
        return results;
    }

    private static Tensor Copy(OrtValue value, string name, TensorType type, long[] shape, long start)
    {
        var count = checked((int)Shapes.ElementCount(shape));
        var data = TensorTypes.CreateArray(type, count);
        if (type == TensorType.Bytes)
        {
            var strings = (byte[][])data;
            for (var i = 0; i < count; i++)
                strings[i] = value.GetStringElementAsSpan(checked((int)(start + i))).ToArray();
        }
        else
        {
            var size = TensorTypes.ElementSize(type);
            value.GetTensorMutableRawData().Slice(checked((int)(start * size)), count * size).CopyTo(Shapes.RawBytes(data, size));
        }
        return new Tensor(name, type, shape, data);
    }
}
