using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sample.Settings;

/// <summary>
/// Lets the sample run on a fresh clone: in Development, when no <c>Gdpr:Encryption:RootKey</c> is
/// configured, it uses a root key generated on first run into <c>App_Data/development-root-key.txt</c>
/// (git-ignored; <c>Sample:DevelopmentRootKeyFile</c> names another file), and says so in the log.
/// Elsewhere the library's start-up check asks for a real key.
/// </summary>
public sealed partial class DevelopmentRootKey : IPostConfigureOptions<GdprOptions>
{
    private readonly IHostEnvironment _environment;
    private readonly Lazy<string> _rootKey;

    /// <summary>Initializes a new instance over the app's environment.</summary>
    /// <param name="environment">Tells Development from the rest, and where the content root is.</param>
    /// <param name="configuration">May name the key file (<c>Sample:DevelopmentRootKeyFile</c>).</param>
    /// <param name="logger">Receives the warning that the development key is in use.</param>
    public DevelopmentRootKey(IHostEnvironment environment, IConfiguration configuration, ILogger<DevelopmentRootKey> logger)
    {
        _environment = environment;
        _rootKey = new Lazy<string>(() =>
        {
            var path = configuration["Sample:DevelopmentRootKeyFile"] is { Length: > 0 } configured
                ? Path.GetFullPath(configured, environment.ContentRootPath)
                : Path.Combine(environment.ContentRootPath, "App_Data", "development-root-key.txt");
            var rootKey = ReadOrCreate(path);
            LogDevelopmentRootKey(logger, path);
            return rootKey;
        });
    }

    /// <summary>Fills in the development root key when none is configured.</summary>
    /// <param name="name">The options' name.</param>
    /// <param name="options">The library's options, bound from configuration.</param>
    public void PostConfigure(string? name, GdprOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Encryption.RootKey) || !_environment.IsDevelopment())
        {
            return;
        }

        // Options are built once per accessor (IOptions, IOptionsMonitor): read the file and warn once.
        options.Encryption.RootKey = _rootKey.Value;
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
