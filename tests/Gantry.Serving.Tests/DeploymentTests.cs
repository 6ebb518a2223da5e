using Gantry.Core;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Serving.Tests;

public sealed class DeploymentTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Infer_Linear_AnswersWhatTheWeightsGive()
    {
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 1));
        var x = TestKit.Rows(3, seed: 1);

        var response = TestKit.Ok(await deployment.InferAsync(TestKit.Request(x, id: "r1"), TestKit.Deadline(TimeProvider.System), Token));

        Assert.Equal(("test", "1", "r1"), (response.ModelName, response.ModelVersion, response.Id));
        var y = Assert.Single(response.Outputs);
        Assert.Equal([3L, TestKit.Outputs], y.Shape);
        TestKit.AssertClose(OnnxModels.LinearReference(x, TestKit.Inputs, TestKit.Outputs), (float[])y.Data);
    }

    [Fact]
    public async Task Deployment_IsReadyOnlyAfterWarmUp_AndUnavailableBefore()
    {
        await using var deployment = new ModelDeployment("warm", "1", TestKit.Linear, TestKit.Settings(), null, TimeProvider.System);

        Assert.False(deployment.Ready);
        var before = await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), TestKit.Deadline(TimeProvider.System), Token);
        Assert.Equal(ErrorKind.Unavailable, before.Error?.Kind);

        await deployment.ScaleAsync(2, Token);

        Assert.True(deployment.Ready);
        Assert.Equal((2, 2), (deployment.Replicas, deployment.ReadyReplicas));
        TestKit.Ok(await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), TestKit.Deadline(TimeProvider.System), Token));
    }

    [Fact]
    public async Task ScaleToZero_AnswersUnavailableImmediately_ThenServesAgainAfterScaleUp()
    {
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings());

        await deployment.ScaleAsync(0, Token);
        var refused = await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), TestKit.Deadline(TimeProvider.System), Token);

        Assert.Equal(ErrorKind.Unavailable, refused.Error?.Kind);
        Assert.Equal("deployment test is scaling from zero; retry", refused.Error?.Message);
        Assert.Equal((0, 0), (deployment.Replicas, deployment.ReadyReplicas));

        await deployment.ScaleAsync(1, Token);
        TestKit.Ok(await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), TestKit.Deadline(TimeProvider.System), Token));
    }

    [Fact]
    public async Task Batcher_MergesRowsUntilFull_AndSplitsOutputsBackPerRequest()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        // MaxDelay never passes on the fake clock: the batch goes because it is full.
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 6, maxDelayMs: 1000), time, observer);
        var inputs = new[] { TestKit.Rows(1, 1), TestKit.Rows(2, 2), TestKit.Rows(3, 3) };

        var pending = inputs.Select(x => deployment.InferAsync(TestKit.Request(x), TestKit.Deadline(time), Token).AsTask()).ToArray();
        var responses = await Task.WhenAll(pending);

        Assert.Equal([(6, 3)], observer.Batches);
        for (var i = 0; i < inputs.Length; i++)
        {
            var y = Assert.Single(TestKit.Ok(responses[i]).Outputs);
            Assert.Equal([inputs[i].Length / TestKit.Inputs, TestKit.Outputs], y.Shape);
            TestKit.AssertClose(OnnxModels.LinearReference(inputs[i], TestKit.Inputs, TestKit.Outputs), (float[])y.Data);
        }
    }

    [Fact]
    public async Task Batcher_NeverExceedsMaxBatchRows_AndSendsAPartialBatchAfterMaxDelay()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 4, maxDelayMs: 1000), time, observer);

        var pending = Enumerable.Range(0, 5)
            .Select(i => deployment.InferAsync(TestKit.Request(TestKit.Rows(2, i)), TestKit.Deadline(time), Token).AsTask())
            .ToArray();
        await Task.WhenAll(pending[..4]);

        Assert.False(pending[4].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        await pending[4];

        Assert.Equal([(4, 2), (4, 2), (2, 1)], observer.Batches);
        foreach (var task in pending)
            TestKit.Ok(await task);
    }

    [Fact]
    public async Task Batcher_RequestLargerThanMaxBatchRows_RunsAlone()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 4, maxDelayMs: 1000), time, observer);
        var x = TestKit.Rows(10, 7);

        var response = TestKit.Ok(await deployment.InferAsync(TestKit.Request(x), TestKit.Deadline(time), Token));

        Assert.Equal([(10, 1)], observer.Batches);
        TestKit.AssertClose(OnnxModels.LinearReference(x, TestKit.Inputs, TestKit.Outputs), (float[])response.Outputs[0].Data);
    }

    [Fact]
    public async Task Batcher_BatchingOff_RunsEveryRequestAlone()
    {
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 1), observer: observer);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => deployment.InferAsync(TestKit.Request(TestKit.Rows(1, i)), TestKit.Deadline(TimeProvider.System), Token).AsTask()));

        Assert.Equal(8, observer.Batches.Count);
        Assert.All(observer.Batches, batch => Assert.Equal((1, 1), batch));
        Assert.False(deployment.Batching);
    }

    [Fact]
    public async Task QueueFull_AnswersOverloaded_AndQueuedRequestsStillComplete()
    {
        var time = new FakeTimeProvider();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 64, maxDelayMs: 1000, maxQueueRows: 4), time);

        var first = deployment.InferAsync(TestKit.Request(TestKit.Rows(2, 1)), TestKit.Deadline(time), Token).AsTask();
        var second = deployment.InferAsync(TestKit.Request(TestKit.Rows(2, 2)), TestKit.Deadline(time), Token).AsTask();
        var refused = await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 3)), TestKit.Deadline(time), Token);

        Assert.Equal(ErrorKind.Overloaded, refused.Error?.Kind);
        Assert.Equal("queue of deployment test is full (4 rows); retry later", refused.Error?.Message);
        Assert.Equal((2, 4), (deployment.QueuedRequests, deployment.QueuedRows));
        time.Advance(TimeSpan.FromSeconds(1));
        TestKit.Ok(await first);
        TestKit.Ok(await second);
        Assert.Equal(0, deployment.QueuedRows);
    }

    [Fact]
    public async Task Deadline_PassingWhileQueued_DropsTheRequestUncomputed()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 64, maxDelayMs: 1000), time, observer);

        var pending = deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), time.GetUtcNow().AddMilliseconds(100), Token).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var outcome = await pending;

        Assert.Equal(ErrorKind.DeadlineExceeded, outcome.Error?.Kind);
        Assert.Contains("not computed", outcome.Error?.Message);
        Assert.Equal([true], observer.Dequeued);
        // Past the batching delay too: still nothing ran.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(observer.Batches);
        Assert.Equal(0, deployment.QueuedRows);
    }

    [Fact]
    public async Task Deadline_AlreadyPassed_IsRefusedWithoutQueueing()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(), time, observer);

        var outcome = await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1)), time.GetUtcNow(), Token);

        Assert.Equal(ErrorKind.DeadlineExceeded, outcome.Error?.Kind);
        Assert.Empty(observer.Batches);
    }

    [Fact]
    public async Task Cancellation_RemovesTheRequestFromTheQueue()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 64, maxDelayMs: 1000), time, observer);
        using var cancel = new CancellationTokenSource();

        var pending = deployment.InferAsync(TestKit.Request(TestKit.Rows(3, 1)), TestKit.Deadline(time), cancel.Token).AsTask();
        Assert.Equal(3, deployment.QueuedRows);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(0, deployment.QueuedRows);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(observer.Batches);
    }

    [Fact]
    public async Task Batcher_OnlyMergesRequestsWhoseRowShapesAgree()
    {
        var time = new FakeTimeProvider();
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Relu, TestKit.Settings(maxBatchRows: 8, maxDelayMs: 1000), time, observer);
        float[] narrow = [-1, 2, -3, 4, -5, 6];
        float[] wide = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10];

        var a = deployment.InferAsync(Matrix(narrow, 2, 3), TestKit.Deadline(time), Token).AsTask();
        var b = deployment.InferAsync(Matrix(wide, 2, 5), TestKit.Deadline(time), Token).AsTask();
        var c = deployment.InferAsync(Matrix(narrow, 2, 3), TestKit.Deadline(time), Token).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(a, b);
        time.Advance(TimeSpan.FromSeconds(1));
        await c;

        var (ya, yb) = (TestKit.Ok(await a).Outputs[0], TestKit.Ok(await b).Outputs[0]);
        Assert.Equal([(4, 2), (2, 1)], observer.Batches);
        Assert.Equal([0f, 2, 0, 4, 0, 6], (float[])ya.Data);
        Assert.Equal([1f, 0, 3, 0, 5, 0, 7, 0, 9, 0], (float[])yb.Data);
        Assert.Equal([2L, 5], yb.Shape);
    }

    [Fact]
    public async Task Batcher_ModelWhoseOutputsDoNotFollowRows_FallsBackToOneRequestAtATime()
    {
        var time = new FakeTimeProvider();
        await using var deployment = await TestKit.StartAsync(TestKit.SumRows, TestKit.Settings(maxBatchRows: 8, maxDelayMs: 1000), time);
        var a = TestKit.Rows(2, 1);
        var b = TestKit.Rows(3, 2);

        var first = deployment.InferAsync(TestKit.Request(a), TestKit.Deadline(time), Token).AsTask();
        var second = deployment.InferAsync(TestKit.Request(b), TestKit.Deadline(time), Token).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        var responses = await Task.WhenAll(first, second);

        Assert.False(deployment.Batching);
        TestKit.AssertClose(SumColumns(a), (float[])TestKit.Ok(responses[0]).Outputs[0].Data);
        TestKit.AssertClose(SumColumns(b), (float[])TestKit.Ok(responses[1]).Outputs[0].Data);
    }

    private static InferRequest Matrix(float[] x, int rows, int columns) =>
        new(null, [new Tensor("x", TensorType.Fp32, [rows, columns], x)], null, false);

    [Fact]
    public async Task ConcurrentRequests_AreAllAnsweredCorrectly()
    {
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(maxBatchRows: 16, maxDelayMs: 2), observer: observer, replicas: 2);
        var inputs = Enumerable.Range(0, 300).Select(i => TestKit.Rows(1 + i % 3, i)).ToArray();

        var responses = await Task.WhenAll(inputs.Select(x => Task.Run(() => deployment.InferAsync(TestKit.Request(x), TestKit.Deadline(TimeProvider.System), Token).AsTask(), Token)));

        for (var i = 0; i < inputs.Length; i++)
            TestKit.AssertClose(OnnxModels.LinearReference(inputs[i], TestKit.Inputs, TestKit.Outputs), (float[])TestKit.Ok(responses[i]).Outputs[0].Data);
        Assert.All(observer.Batches, batch => Assert.InRange(batch.Rows, 1, 16));
        Assert.Equal(inputs.Sum(x => x.Length / TestKit.Inputs), observer.Batches.Sum(b => b.Rows));
    }

    [Fact]
    public async Task Infer_InvalidInput_IsRefusedBeforeTheQueue()
    {
        var observer = new RecordingObserver();
        await using var deployment = await TestKit.StartAsync(TestKit.Linear, TestKit.Settings(), observer: observer);

        var outcome = await deployment.InferAsync(TestKit.Request(TestKit.Rows(1, 1), input: "z"), TestKit.Deadline(TimeProvider.System), Token);

        Assert.Equal(ErrorKind.Invalid, outcome.Error?.Kind);
        Assert.Contains("no input 'z'", outcome.Error?.Message);
        Assert.Empty(observer.Dequeued);
    }

    [Fact]
    public async Task Infer_SelectedOutputsOnly()
    {
        await using var deployment = await TestKit.StartAsync(TestKit.AllTypes, TestKit.Settings());
        var request = AllTypesRequest(rows: 1) with { Outputs = [new RequestedOutput("int64_as_fp32", false), new RequestedOutput("bool_out", false)] };

        var response = TestKit.Ok(await deployment.InferAsync(request, TestKit.Deadline(TimeProvider.System), Token));

        Assert.Equal(["int64_as_fp32", "bool_out"], response.Outputs.Select(o => o.Name));
        Assert.Equal([1f, -3f], (float[])response.Outputs[0].Data);
    }

    /// <summary>A request for the all-types model: every input [rows, 2] of distinct values.</summary>
    internal static InferRequest AllTypesRequest(int rows)
    {
        var inputs = new List<Tensor>();
        foreach (var (datatype, _) in OnnxModels.Datatypes)
        {
            Assert.True(TensorTypes.TryParseOip(datatype, out var type));
            var data = TensorTypes.CreateArray(type, rows * 2);
            for (var i = 0; i < data.Length; i++)
                data.SetValue(Element(type, i), i);
            inputs.Add(new Tensor($"{datatype.ToLowerInvariant()}_in", type, [rows, 2], data));
        }
        return new InferRequest("all", inputs, null, false);
    }

    private static object Element(TensorType type, int i) => type switch
    {
        TensorType.Bool => i % 2 == 0,
        TensorType.Uint8 => (byte)(i + 250),
        TensorType.Uint16 => (ushort)(i + 65000),
        TensorType.Uint32 => (uint)(i + 4_000_000_000),
        TensorType.Uint64 => ulong.MaxValue - (ulong)i,
        TensorType.Int8 => (sbyte)(i - 128),
        TensorType.Int16 => (short)(i - 32768),
        TensorType.Int32 => i - 2_000_000_000,
        TensorType.Int64 => i % 2 == 0 ? 1L + i : -2L - i,
        TensorType.Fp16 => (Half)(i + 0.5f),
        TensorType.Bf16 => (ushort)(0x3F80 + i),
        TensorType.Fp32 => i * 1.25f,
        TensorType.Fp64 => i * 1e100,
        TensorType.Bytes => System.Text.Encoding.UTF8.GetBytes($"élément {i}"),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static float[] SumColumns(float[] x)
    {
        var sums = new float[TestKit.Inputs];
        for (var i = 0; i < x.Length; i++)
            sums[i % TestKit.Inputs] += x[i];
        return sums;
    }
}
