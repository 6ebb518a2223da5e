using System.CommandLine;

namespace Gantry.Cli.Commands.Jobs;

/// <summary>Arguments several job verbs share.</summary>
internal static class JobArguments
{
    public static Argument<long> Id() => new("ID") { Description = "Job id" };
}
