using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the sample app (samples/MySocium.Gdpr.Sample) in-process on a real Kestrel loopback port,
/// so that both <see cref="HttpClient"/> and Chromium reach it. Defaults to a fresh SQLite file in
/// a temporary directory of its own, deleted on dispose; configure it with the sample's
/// configuration keys (<see cref="WithSetting"/>, <see cref="WithPostgres"/>, <see cref="WithSmtp"/>)
/// before the first request. The app starts on first use of <see cref="BaseAddress"/>.
/// </summary>
public sealed class SampleAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HttpClient> _clients = [];
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly Lock _lock = new();
    private readonly string _directory;
    private Uri? _baseAddress;
    private bool _disposed;

    /// <summary>Initializes a factory with the sample's defaults and a fresh SQLite database.</summary>
    public SampleAppFactory()
    {
        _directory = Directory.CreateTempSubdirectory("mysocium-sample-").FullName;
        _settings["Database:Provider"] = "Sqlite";
        _settings["ConnectionStrings:Default"] = new SqliteConnectionStringBuilder { DataSource = DatabaseFile }.ConnectionString;

        // A key of its own, so the sample never writes its development key file into the source tree.
        _settings["Gdpr:Encryption:RootKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Gets the temporary directory this factory owns; it is deleted on dispose.</summary>
    public string TempDirectory => _directory;

    /// <summary>Gets the SQLite database file used unless the factory is pointed at PostgreSQL.</summary>
    public string DatabaseFile => Path.Combine(_directory, "sample.db");

    /// <summary>Gets everything the app logged at Information or above.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Gets the address the app listens on, starting it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_baseAddress is null)
                {
                    StartServer();
                    var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
                    _baseAddress = new Uri(addresses.FirstOrDefault()
                        ?? throw new InvalidOperationException("The sample app started, but Kestrel reported no bound address."));
                }

                return _baseAddress;
            }
        }
    }

    /// <summary>Sets a configuration value the sample reads (for example <c>Gdpr:RoutePrefix</c>); null removes it.</summary>
    public SampleAppFactory WithSetting(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        lock (_lock)
        {
            if (_baseAddress is not null)
            {
                throw new InvalidOperationException(
                    $"SampleAppFactory.WithSetting(\"{key}\") was called after the sample app started; configure the factory before the first request.");
            }

            _settings[key] = value;
        }

        return this;
    }

    /// <summary>Changes the sample's services after it registered its own, as a fault-injection test does.</summary>
    public SampleAppFactory WithServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_lock)
        {
            if (_baseAddress is not null)
            {
                throw new InvalidOperationException("SampleAppFactory.WithServices was called after the sample app started; configure the factory before the first request.");
            }

            _services.Add(configure);
        }

        return this;
    }

    /// <summary>Points the sample at PostgreSQL (<c>Database:Provider=Postgres</c>) with the given connection string.</summary>
    public SampleAppFactory WithPostgres(string connectionString) =>
        WithSetting("Database:Provider", "Postgres").WithSetting("ConnectionStrings:Default", connectionString);

    /// <summary>Makes the sample send its mail to <paramref name="smtp"/> over plain SMTP.</summary>
    public SampleAppFactory WithSmtp(SmtpServerFixture smtp, string from = "MySocium Sample <noreply@sample.test>")
    {
        ArgumentNullException.ThrowIfNull(smtp);
        return WithSetting("Smtp:Host", smtp.Host)
            .WithSetting("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("Smtp:Security", "None")
            .WithSetting("Smtp:From", from);
    }

    /// <summary>
    /// Creates a client against the real port that keeps cookies in <paramref name="cookies"/>
    /// (a fresh container when null) and, unless told, does not follow redirects, so tests see them.
    /// The factory disposes the client with itself.
    /// </summary>
    public HttpClient CreateHttpClient(CookieContainer? cookies = null, bool allowAutoRedirect = false)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = allowAutoRedirect,
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        lock (_lock)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Stops the app and deletes its temporary directory.</summary>
    public override async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Settings reach the sample as host settings, which it sees before Program reads them.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var configure in _services)
        {
            builder.ConfigureServices(configure);
        }

        // The app's console logging would bury a failing test's message in the run's output; tests read Logs instead.
        builder.ConfigureLogging(logging => logging
            .ClearProviders()
            .AddProvider(Logs)
            .AddFilter<CapturedLogs>(category: null, LogLevel.Information));
    }
}
