using Gantry.Execution.Kubernetes;

namespace Gantry.Execution.Tests.Kubernetes;

public sealed class KubernetesNamesTests
{
    [Fact]
    public void Handle_RoundTrips()
    {
        var handle = KubernetesNames.Handle("ml", KubernetesNames.JobName(7, 3));

        Assert.Equal("k8s:ml/gantry-7-3", handle);
        Assert.True(KubernetesNames.TryParseHandle(handle, out var ns, out var name));
        Assert.Equal(("ml", "gantry-7-3"), (ns, name));
    }

    [Theory]
    [InlineData("1234:5678:/tmp/x:1")]
    [InlineData("k8s:ml")]
    [InlineData("k8s:/job")]
    [InlineData("k8s:ML/job")]
    [InlineData("k8s:ml/../x")]
    public void ForeignOrBadHandles_AreRefused(string handle) =>
        Assert.False(KubernetesNames.TryParseHandle(handle, out _, out _));

    [Fact]
    public void Options_Validate_ReportsEachProblem()
    {
        var options = new KubernetesExecutorOptions
        {
            Namespace = "Bad_NS",
            PollInterval = TimeSpan.Zero,
            Tolerations = [new KubernetesToleration { Operator = "Maybe" }],
        };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.Contains("Namespace", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tolerations[0].Operator", StringComparison.Ordinal));
        Assert.Empty(new KubernetesExecutorOptions().Validate());
    }
}
