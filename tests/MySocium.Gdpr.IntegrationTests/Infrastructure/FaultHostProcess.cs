using System.Diagnostics;
using System.Text;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a step of the fault host (tests/MySocium.Gdpr.FaultHost) as a child process: to completion, or
/// until it prints <c>PAUSED</c> at the database event it was told to stop at, where it is killed with
/// SIGKILL, as a crash would end it: no finally block, no disposal, no flush.
/// </summary>
internal static class FaultHostProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Gets the fault host's assembly, built beside this one (same configuration).</summary>
    public static string Assembly
    {
        get
        {
            // …/tests/MySocium.Gdpr.IntegrationTests/bin/<Configuration>/<TargetFramework>/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(tests, "MySocium.Gdpr.FaultHost", "bin", configuration, framework, "MySocium.Gdpr.FaultHost.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The fault host is not built at {path}; build the solution.", path);
        }
    }

    /// <summary>Runs a step to completion and returns its last line on standard output.</summary>
    /// <exception cref="InvalidOperationException">It failed or paused; the message holds its output.</exception>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (paused, exitCode, output) = await RunCoreAsync(arguments);
        return !paused && exitCode == 0 && output.Stdout.Count > 0
            ? output.Stdout[^1]
            : throw new InvalidOperationException($"fault host {string.Join(' ', arguments.Take(2))} ended with {(paused ? "a pause" : $"exit code {exitCode}")}:\n{output}");
    }

    /// <summary>Runs a step that may pause: returns null when it paused and was killed, else its last line on standard output.</summary>
    /// <exception cref="InvalidOperationException">It failed; the message holds its output.</exception>
    public static async Task<string?> RunOrKillAsync(params string[] arguments)
    {
        var (paused, exitCode, output) = await RunCoreAsync(arguments);
        if (paused)
        {
            return null;
        }

        return exitCode == 0 && output.Stdout.Count > 0
            ? output.Stdout[^1]
            : throw new InvalidOperationException($"fault host {string.Join(' ', arguments.Take(2))} ended with exit code {exitCode}:\n{output}");
    }

    private static async Task<(bool Paused, int ExitCode, Output Output)> RunCoreAsync(string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new Output();
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Add(line, stdout: true);
                if (line.StartsWith("PAUSED ", StringComparison.Ordinal))
                {
                    paused.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Add(line, stdout: false);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            if (await Task.WhenAny(exited, paused.Task) == paused.Task)
            {
                // Process.Kill sends SIGKILL on Unix.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                return (true, process.ExitCode, output);
            }

            await exited;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fault host {string.Join(' ', arguments.Take(2))} ran longer than {Timeout.TotalMinutes:0} minutes:\n{output}");
        }

        // The parameterless overload waits for the redirected streams to drain.
        process.WaitForExit();
        return (false, process.ExitCode, output);
    }

    private sealed class Output
    {
        private readonly StringBuilder _all = new();

        public List<string> Stdout { get; } = [];

        public void Add(string line, bool stdout)
        {
            lock (_all)
            {
                _all.AppendLine(line);
                if (stdout)
                {
                    Stdout.Add(line);
                }
            }
        }

        public override string ToString()
        {
            lock (_all)
            {
                return _all.ToString();
            }
        }
    }
}
