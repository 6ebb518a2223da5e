using Gantry.Core;
using Gantry.Serving.Batching;
using Gantry.Serving.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Serving;

/// <summary>
/// One deployed model version in this process: its ONNX Runtime sessions (one per replica, created once and
/// warmed up before they take traffic), its bounded batch queue and the batching loop. Thread-safe.
/// </summary>
public sealed partial class ModelDeployment : IAsyncDisposable
{
    private readonly string _modelPath;
    private readonly IServingObserver? _observer;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, int> _inputIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outputIndex = new(StringComparer.Ordinal);
    private readonly string[] _allOutputs;
    private readonly SemaphoreSlim _scaleLock = new(1, 1);
    private InferenceSession? _spare;
    private volatile bool _batchable;

    public ModelDeployment(string name, string version, string modelPath, DeploymentSettings settings, IServingObserver? observer, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxBatchRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxQueueRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxDelay, TimeSpan.Zero);
        Sessions.ParseDevice(settings.Device);
        Name = name;
        Version = version;
        Settings = settings;
        _modelPath = modelPath;
        _observer = observer;
        _time = time;
        // The session that reads the signature is kept and becomes the first replica: a model is parsed once.
        _spare = OpenSession(modelPath, settings);
        var signature = Sessions.ReadSignature(_spare);
        if (!signature.IsOk)
        {
            _spare.Dispose();
            throw new InvalidOperationException(signature.Error.Message);
        }
        Signature = signature.Value;
        for (var i = 0; i < Signature.Inputs.Count; i++)
            _inputIndex[Signature.Inputs[i].Name] = i;
        _allOutputs = new string[Signature.Outputs.Count];
        for (var i = 0; i < _allOutputs.Length; i++)
        {
            _allOutputs[i] = Signature.Outputs[i].Name;
            _outputIndex[_allOutputs[i]] = i;
        }
        _batchable = HasBatchDimension(Signature);
        _delayTimer = time.CreateTimer(static state => ((ModelDeployment)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reads inputs and outputs from an ONNX file without serving it. Invalid when the file is not a loadable ONNX model.</summary>
    public static Outcome<ModelSignature> ReadSignature(string modelPath)
    {
        if (!File.Exists(modelPath))
            return GantryError.Invalid($"model file {modelPath} does not exist");
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            using var session = new InferenceSession(modelPath, options);
            return Sessions.ReadSignature(session);
        }
        catch (OnnxRuntimeException e)
        {
            return GantryError.Invalid($"the file is not a loadable ONNX model: {e.Message}");
        }
    }

    public string Name { get; }

    public string Version { get; }

    public DeploymentSettings Settings { get; }

    public ModelSignature Signature { get; }

    /// <summary>True while at least one replica is loaded and warmed up.</summary>
    public bool Ready => ReadyReplicas > 0;

    /// <summary>Replicas asked for (loading ones included).</summary>
    public int Replicas => Volatile.Read(ref _target);

    public int ReadyReplicas => Volatile.Read(ref _ready);

    public int QueuedRequests
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    public int QueuedRows => Volatile.Read(ref _queuedRows);

    /// <summary>False when requests always run one by one: the model has no dynamic first dimension on every input and output, or an output did not split by rows.</summary>
    public bool Batching => _batchable && Settings.MaxBatchRows > 1;

    private static bool HasBatchDimension(ModelSignature signature)
    {
        foreach (var spec in signature.Inputs)
        {
            if (spec.Shape.Count == 0 || spec.Shape[0] != -1)
                return false;
        }
        foreach (var spec in signature.Outputs)
        {
            if (spec.Shape.Count == 0 || spec.Shape[0] != -1)
                return false;
        }
        return true;
    }

    private static InferenceSession OpenSession(string modelPath, DeploymentSettings settings)
    {
        try
        {
            return Sessions.Open(modelPath, settings);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"ONNX Runtime cannot load {modelPath}: {e.Message}", e);
        }
    }
}
