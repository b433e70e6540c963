using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MySocium.Gdpr;

/// <summary>
/// Names a run of background work to the other instances on the database, so that a restarted
/// instance tells the lease or claim its killed predecessor left (same machine, that process gone)
/// from a live one, and takes it over at once instead of waiting for it to expire. 32 hexadecimal
/// digits: a hash of the machine name, the process id, a hash of the process's start time, and a
/// counter of runs in the process.
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>The length of a holder name.</summary>
    public const int Length = 32;

    private static readonly uint Machine = Hash(Environment.MachineName);
    private static readonly uint Started = StartOf(Environment.ProcessId) ?? 0;
    private static int _runs;

    /// <summary>A holder name for a new run of this process.</summary>
    public static string NewHolder()
        => string.Create(CultureInfo.InvariantCulture, $"{Machine:x8}{Environment.ProcessId:x8}{Started:x8}{(uint)Interlocked.Increment(ref _runs):x8}");

    /// <summary>
    /// Whether the run that wrote <paramref name="holder"/> is certainly gone: it ran on this machine in a process
    /// that no longer exists (or whose id now belongs to another process). A holder from another machine, or one
    /// this method cannot read, is never called dead: only its expiry frees it.
    /// </summary>
    public static bool IsDead(string? holder)
    {
        if (holder is not { Length: Length }
            || !uint.TryParse(holder.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var machine)
            || !int.TryParse(holder.AsSpan(8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var processId)
            || !uint.TryParse(holder.AsSpan(16, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var started)
            || machine != Machine)
        {
            return false;
        }

        // A container's process often gets the same id at every restart: the start time tells them apart.
        return StartOf(processId) != started;
    }

    /// <summary>
    /// A hash of a process's start time; null when no process has this id. On Linux the kernel's own count
    /// (clock ticks after boot, in /proc), which every process reads alike; <see cref="Process.StartTime"/>
    /// adds a boot time each process estimates for itself.
    /// </summary>
    private static uint? StartOf(int processId)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var stat = File.ReadAllText($"/proc/{processId}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 19 ? Hash(fields[19]) : null;
            }

            using var process = Process.GetProcessById(processId);
            return Hash(process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static uint Hash(string value) => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
