using System.Text.Json;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class PyTorchExampleTests
{
    [Fact]
    public async Task DigitsExample_TrainsThroughGantry_AndWritesAnOnnxModel()
    {
        RequireTorch();
        await using var server = await TestServer.StartAsync();
        var (id, output) = await TrainAsync(server);

        var stdout = await server.Admin.LogAsync(id);
        Assert.Contains("device: cpu", stdout);
        Assert.Contains("accuracy", stdout);
        var model = await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx"), TestContext.Current.CancellationToken);
        Assert.True(model.Length > 1000, "the ONNX model is suspiciously small");
        var metrics = await File.ReadAllTextAsync(Path.Combine(output, "metrics.json"), TestContext.Current.CancellationToken);
        using var doc = System.Text.Json.JsonDocument.Parse(metrics);
        Assert.True(doc.RootElement.GetProperty("test_accuracy").GetDouble() >= 0.85, metrics);
    }

    [Fact]
    public async Task DigitsExample_TrainedModel_IsRegisteredDeployedAndServed()
    {
        RequireTorch();
        await using var server = await TestServer.StartAsync();
        var (_, output) = await TrainAsync(server);
        var onnx = await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx"), TestContext.Current.CancellationToken);

        // Real PyTorch → real ONNX → real ONNX Runtime: register the job's model, deploy it, classify a digit.
        var deployment = await server.Admin.DeployAsync("digits", onnx);
        var samples = await DigitSamplesAsync();
        var rows = string.Join(',', samples.Select(s => "[" + string.Join(',', s.Pixels) + "]"));
        var response = await (await server.Admin.InferAsync("digits", $"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[{samples.Count},64],\"datatype\":\"FP32\",\"data\":[{rows}]}}]}}")).OkJsonAsync();

        Assert.Equal("ready", deployment.Status);
        var logits = ServingTestKit.Floats(response, "logits");
        Assert.Equal(samples.Count * 10, logits.Length);
        var correct = samples.Select((s, i) => Array.IndexOf(logits[(i * 10)..((i + 1) * 10)], logits[(i * 10)..((i + 1) * 10)].Max()) == s.Label).Count(ok => ok);
        Assert.True(correct >= samples.Count * 0.8, $"{correct} of {samples.Count} digits classified correctly");
    }

    private static void RequireTorch() =>
        Requirements.Require(Requirements.PythonHas("torch", "sklearn", "onnx"),
            "needs PyTorch, scikit-learn and ONNX for /usr/bin/python3: apt-get install python3-torch python3-sklearn python3-onnx");

    /// <summary>Runs examples/pytorch-digits/train.py as a job to success; its id and output directory.</summary>
    private static async Task<(long Id, string Output)> TrainAsync(TestServer server)
    {
        var script = Path.Combine(Requirements.RepositoryRoot(), "examples", "pytorch-digits", "train.py");
        var spec = new JobSpec
        {
            Name = "digits",
            Command = ["/usr/bin/python3", script, "--epochs", "20"],
            Resources = new ResourceSpec { Cpus = 1, Memory = "2Gi" },
            Env = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" },
            TimeLimit = "10m",
        };
        var id = (await server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await server.Admin.WaitAsync(id);
        Assert.True(job.State == JobState.Succeeded,
            $"{job.State} {job.Reason}\n{await server.Admin.LogAsync(id)}\n{await server.Admin.LogAsync(id, "stderr")}");
        return (id, Path.Combine(server.DataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "output"));
    }

    /// <summary>Twenty digits from scikit-learn's data set as raw pixels 0..16 (the exported model scales them itself).</summary>
    private static async Task<IReadOnlyList<(float[] Pixels, int Label)>> DigitSamplesAsync()
    {
        var code = "import json, sklearn.datasets as d; x = d.load_digits(); print(json.dumps([[list(map(float, x.data[i])), int(x.target[i])] for i in range(0, 1700, 85)]))";
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", code]) { RedirectStandardOutput = true })!;
        var text = await python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray().Select(e => (e[0].EnumerateArray().Select(v => v.GetSingle()).ToArray(), e[1].GetInt32())).ToArray();
    }
}
