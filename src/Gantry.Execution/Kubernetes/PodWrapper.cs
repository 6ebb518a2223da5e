using System.Globalization;
using Gantry.Execution.Local;

namespace Gantry.Execution.Kubernetes;

/// <summary>
/// The <c>/bin/sh -c</c> script a pod runs when it sees its job directory (<see cref="KubernetesJobVolume"/>): like the
/// local executor's <see cref="TaskWrapper"/>, it sends stdout and stderr to their own files in the job directory and
/// records the command's status in the attempt's exit file (<see cref="ExitFiles"/>). Its parameters are the job
/// directory in the pod, the attempt and the user's argv, so the command is never re-quoted. Pod <c>i &gt; 0</c> of an
/// Indexed Job (<c>$GANTRY_POD_INDEX</c>) writes <c>stdout.i.log</c>, <c>stderr.i.log</c> and <c>attempt-N.i.exit</c>;
/// pod 0 and a single pod write the plain names the server reads.
/// </summary>
internal static class PodWrapper
{
    /// <summary>The <c>$0</c> of the wrapper, as the shell's own error messages show it.</summary>
    public const string Name = "gantry-task";

    /// <summary>The variable carrying the pod's completion index ("0" for a single pod).</summary>
    public const string IndexVariable = "GANTRY_POD_INDEX";

    public const string StdoutLog = "stdout.log";
    public const string StderrLog = "stderr.log";

    // The shell is the container's PID 1 and the only process the kubelet signals, so unlike the local wrapper (whose
    // whole process group gets SIGTERM) it passes TERM on to the command: the command runs in the background and the
    // shell waits for it, again after a trap interrupts the wait, until it has really ended.
    public const string Script = """
        gantry_forward() {
          if [ -n "${gantry_pid:-}" ] && [ -z "${gantry_sent:-}" ]; then
            gantry_sent=1
            kill -TERM "$gantry_pid" 2>/dev/null
          fi
        }
        gantry_wait() {
          while :; do
            wait "$gantry_pid"
            gantry_s=$?
            kill -0 "$gantry_pid" 2>/dev/null || return "$gantry_s"
          done
        }
        trap 'gantry_term=1; gantry_forward' TERM
        gantry_dir=$1 gantry_attempt=$2
        shift 2
        case "${GANTRY_POD_INDEX:-0}" in
          0|*[!0-9]*) gantry_rank= ;;
          *) gantry_rank=".$GANTRY_POD_INDEX" ;;
        esac
        gantry_exit="$gantry_dir/attempt-$gantry_attempt$gantry_rank.exit"
        exec </dev/null >>"$gantry_dir/stdout$gantry_rank.log" 2>>"$gantry_dir/stderr$gantry_rank.log"
        if [ -z "${gantry_term:-}" ]; then
          "$@" &
          gantry_pid=$!
          if [ -n "${gantry_term:-}" ]; then gantry_forward; fi
          gantry_wait
        """ + "\n" + TaskWrapper.RecordStatus;

    /// <summary>The container's command: the wrapper, then its parameters, then the job's own argv.</summary>
    public static List<string> Command(IReadOnlyList<string> command, string jobDirectoryInPod, int attempt) =>
        ["/bin/sh", "-c", Script, Name, jobDirectoryInPod, attempt.ToString(CultureInfo.InvariantCulture), .. command];

    /// <summary>The log file of a stream (pod 0's) in a job directory.</summary>
    public static string LogPath(string jobDirectory, LogStream stream) =>
        Path.Combine(jobDirectory, stream == LogStream.Stderr ? StderrLog : StdoutLog);

    /// <summary>
    /// How an attempt ended as its pods recorded it: the first pod (by index) whose command failed, else pod 0's
    /// success; null when pod 0 left no exit file and no other pod recorded a failure.
    /// </summary>
    public static TaskExit? ReadExit(string jobDirectory, int attempt)
    {
        var first = ExitFiles.TryRead(ExitFiles.PathFor(jobDirectory, attempt));
        if (first is { Succeeded: false })
            return first;
        foreach (var (_, path) in RankExitFiles(jobDirectory, attempt).OrderBy(f => f.Index))
        {
            if (ExitFiles.TryRead(path) is { Succeeded: false } failed)
                return failed;
        }

        return first;
    }

    /// <summary>Removes the exit files of an attempt (pod 0's and the other pods'), so a relaunch cannot find old ones.</summary>
    public static void DeleteExits(string jobDirectory, int attempt)
    {
        var plain = ExitFiles.PathFor(jobDirectory, attempt);
        File.Delete(plain);
        File.Delete(plain + ".tmp");
        foreach (var (_, path) in RankExitFiles(jobDirectory, attempt))
        {
            File.Delete(path);
            File.Delete(path + ".tmp");
        }
    }

    private static IEnumerable<(int Index, string Path)> RankExitFiles(string jobDirectory, int attempt)
    {
        var prefix = "attempt-" + attempt.ToString(CultureInfo.InvariantCulture) + ".";
        if (!Directory.Exists(jobDirectory))
            yield break;
        foreach (var path in Directory.EnumerateFiles(jobDirectory, prefix + "*.exit"))
        {
            var name = Path.GetFileName(path);
            if (name.Length <= prefix.Length + ".exit".Length)
                continue;
            var middle = name.AsSpan(prefix.Length, name.Length - prefix.Length - ".exit".Length);
            if (middle.Length > 0 && int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                yield return (index, path);
        }
    }
}
