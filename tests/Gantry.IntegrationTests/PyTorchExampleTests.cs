using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class PyTorchExampleTests
{
    [Fact]
    public async Task DigitsExample_TrainsThroughGantry_AndWritesAnOnnxModel()
    {
        Requirements.Require(Requirements.PythonHas("torch", "sklearn", "onnx"),
            "needs PyTorch, scikit-learn and ONNX for /usr/bin/python3: apt-get install python3-torch python3-sklearn python3-onnx");
        await using var server = await TestServer.StartAsync();
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

        var stdout = await server.Admin.LogAsync(id);
        Assert.True(job.State == JobState.Succeeded, $"{job.State} {job.Reason}\n{stdout}\n{await server.Admin.LogAsync(id, "stderr")}");
        Assert.Contains("device: cpu", stdout);
        Assert.Contains("accuracy", stdout);
        var output = Path.Combine(server.DataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "output");
        var model = await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx"), TestContext.Current.CancellationToken);
        Assert.True(model.Length > 1000, "the ONNX model is suspiciously small");
        var metrics = await File.ReadAllTextAsync(Path.Combine(output, "metrics.json"), TestContext.Current.CancellationToken);
        using var doc = System.Text.Json.JsonDocument.Parse(metrics);
        Assert.True(doc.RootElement.GetProperty("test_accuracy").GetDouble() >= 0.85, metrics);
    }
}
