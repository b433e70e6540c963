using System.Diagnostics;
using System.Text;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>Runs a command line tool to completion and captures what it printed.</summary>
internal static class ExternalProcess
{
    public static ProcessOutcome Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Tools such as initdb pick their messages' language and the cluster's locale from these.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment["LANG"] = "C";

        var commandLine = fileName + " " + string.Join(' ', startInfo.ArgumentList);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessOutcome(commandLine, -1, $"could not start: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessOutcome(commandLine, -1, $"timed out after {timeout.TotalSeconds:0} s and was killed; output so far:\n{Read(output)}");
        }

        // The parameterless overload waits for the redirected streams to drain.
        process.WaitForExit();
        return new ProcessOutcome(commandLine, process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().TrimEnd();
        }
    }
}

/// <summary>How a command line tool ended.</summary>
internal sealed record ProcessOutcome(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"'{CommandLine}' exited with code {ExitCode}:\n{Output}";
}
