using System.Collections.Concurrent;
using Gantry.Core;

namespace Gantry.Serving.Tests;

/// <summary>Model files written once per test run, and helpers to build requests and deployments.</summary>
internal static class TestKit
{
    public const int Inputs = 8;
    public const int Outputs = 3;

    private static readonly Lazy<string> LinearPath = new(() => OnnxModels.Write(OnnxModels.Linear(Inputs, Outputs)));
    private static readonly Lazy<string> AllTypesPath = new(() => OnnxModels.Write(OnnxModels.AllTypes()));
    private static readonly Lazy<string> ReluPath = new(() => OnnxModels.Write(OnnxModels.Relu()));
    private static readonly Lazy<string> SumRowsPath = new(() => OnnxModels.Write(OnnxModels.SumRows(Inputs)));

    public static string Linear => LinearPath.Value;

    public static string AllTypes => AllTypesPath.Value;

    public static string SumRows => SumRowsPath.Value;

    public static string Relu => ReluPath.Value;

    public static DeploymentSettings Settings(int maxBatchRows = 64, int maxDelayMs = 2, int maxQueueRows = 4096) =>
        DeploymentSettings.Default with
        {
            MaxBatchRows = maxBatchRows,
            MaxDelay = TimeSpan.FromMilliseconds(maxDelayMs),
            MaxQueueRows = maxQueueRows,
            IntraOpThreads = 1,
        };

    public static async Task<ModelDeployment> StartAsync(string model, DeploymentSettings settings, TimeProvider? time = null, IServingObserver? observer = null, int replicas = 1)
    {
        var deployment = new ModelDeployment("test", "1", model, settings, observer, time ?? TimeProvider.System);
        await deployment.ScaleAsync(replicas, TestContext.Current.CancellationToken);
        return deployment;
    }

    /// <summary>Rows of <see cref="Inputs"/> values, different for every seed and row.</summary>
    public static float[] Rows(int rows, int seed)
    {
        var x = new float[rows * Inputs];
        for (var i = 0; i < x.Length; i++)
            x[i] = ((seed * 7 + i * 3) % 11 - 5) / 4f;
        return x;
    }

    public static InferRequest Request(float[] x, string? id = null, string input = "x") =>
        new(id, [new Tensor(input, TensorType.Fp32, [x.Length / Inputs, Inputs], x)], null, false);

    public static DateTimeOffset Deadline(TimeProvider time, int seconds = 60) => time.GetUtcNow().AddSeconds(seconds);

    public static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + MathF.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    public static InferResponse Ok(Outcome<InferResponse> outcome)
    {
        Assert.True(outcome.IsOk, outcome.Error?.Message);
        return outcome.Value!;
    }
}

/// <summary>Records what the runtime reports, for assertions on batching and expiry.</summary>
internal sealed class RecordingObserver : IServingObserver
{
    public ConcurrentQueue<(int Rows, int Requests)> Batches { get; } = new();

    public ConcurrentQueue<bool> Dequeued { get; } = new();

    public void OnBatch(ModelDeployment deployment, int rows, int requests, TimeSpan compute) => Batches.Enqueue((rows, requests));

    public void OnDequeued(ModelDeployment deployment, TimeSpan queueWait, bool expired) => Dequeued.Enqueue(expired);
}
