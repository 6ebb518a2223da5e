using Gantry.Cli;

namespace Gantry.IntegrationTests;

/// <summary>What one in-process run of the <c>gantry</c> CLI (CliApp) against a test server printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>gantry <paramref name="args"/></c> against <paramref name="server"/> as <paramref name="token"/>, with its config in <paramref name="workDir"/>.</summary>
    public static async Task<CliRun> RunAsync(TestServer server, string workDir, string token, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string>
        {
            ["GANTRY_ADDR"] = server.App.Address,
            ["GANTRY_TOKEN"] = token,
            ["GANTRY_CONFIG_DIR"] = workDir,
        };
        var code = await CliApp.RunAsync(args, CliEnvironment.FromVariables(output, error, variables, workDir), TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
