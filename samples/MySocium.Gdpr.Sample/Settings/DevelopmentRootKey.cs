using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sample.Settings;

/// <summary>
/// Lets the sample run on a fresh clone: in Development, when no <c>Gdpr:Encryption:RootKey</c> is
/// configured, it uses a root key generated on first run into <c>App_Data/development-root-key.txt</c>
/// (git-ignored), and says so in the log. Elsewhere the library's start-up check asks for a real key.
/// </summary>
public sealed partial class DevelopmentRootKey(IHostEnvironment environment, ILogger<DevelopmentRootKey> logger) : IPostConfigureOptions<GdprOptions>
{
    /// <summary>Fills in the development root key when none is configured.</summary>
    /// <param name="name">The options' name.</param>
    /// <param name="options">The library's options, bound from configuration.</param>
    public void PostConfigure(string? name, GdprOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Encryption.RootKey) || !environment.IsDevelopment())
        {
            return;
        }

        var path = Path.Combine(environment.ContentRootPath, "App_Data", "development-root-key.txt");
        options.Encryption.RootKey = ReadOrCreate(path);
        LogDevelopmentRootKey(logger, path);
    }

    private static string ReadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, create);
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by an earlier run (or a second instance starting now): use it.
        }

        return File.ReadAllText(path).Trim();
    }

    [LoggerMessage(1, LogLevel.Warning,
        "Gdpr:Encryption:RootKey is not set: using the development root key in {Path}. Never use it outside development; "
        + "configure a real key from a secret store (or UseDataProtectionRootKey). Deleting the file makes the sample's encrypted data unreadable.")]
    private static partial void LogDevelopmentRootKey(ILogger logger, string path);
}
