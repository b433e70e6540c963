using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests share (an assembly fixture). Uses the server named
/// by <c>MYSOCIUM_TEST_POSTGRES</c> when set; otherwise starts a throwaway cluster from Debian's
/// binaries on a free loopback port, in a temporary directory it removes afterwards. The server
/// starts on first use, so tests that need no database pay nothing and do not fail without one.
/// Each test class gets its own database from <see cref="CreateDatabaseAsync()"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that names an existing server by its connection string.</summary>
    public const string ConnectionStringVariable = "MYSOCIUM_TEST_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string DatabasePrefix = "mysocium_test_";
    private const string SuperUser = "postgres";
    private const int MaxIdentifierLength = 63;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly Lazy<Task<string>> _server;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _databases = new(StringComparer.Ordinal);
    private readonly Lock _clusterLock = new();
    private ThrowawayCluster? _cluster;
    private bool _disposed;

    /// <summary>Initializes the fixture; the server itself starts on first use.</summary>
    public PostgresServer()
    {
        _server = new Lazy<Task<string>>(() => Task.Run(StartServer), LazyThreadSafetyMode.ExecutionAndPublication);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>
    /// Gets a value indicating whether the tests run against the server named by
    /// <c>MYSOCIUM_TEST_POSTGRES</c> rather than a throwaway cluster.
    /// </summary>
    public static bool UsesExternalServer => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionStringVariable));

    /// <summary>
    /// Creates an empty database for the running test class, named after it, and returns its
    /// connection string. Later calls from the same class return the same database.
    /// </summary>
    public Task<string> CreateDatabaseAsync()
    {
        var testClass = TestContext.Current.TestClass?.TestClassName
            ?? throw new InvalidOperationException(
                "PostgresServer.CreateDatabaseAsync() derives the database name from the running test class, but no test class is running; pass a name instead.");
        return CreateDatabaseAsync(testClass);
    }

    /// <summary>
    /// Creates an empty database derived from <paramref name="name"/> (a test class name, say)
    /// and returns its connection string. Idempotent and safe to call concurrently: every call
    /// with the same name in this test run returns the same database. A database of that name
    /// left behind by an earlier run is dropped and created afresh.
    /// </summary>
    public Task<string> CreateDatabaseAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var database = ToDatabaseName(name);
        return _databases.GetOrAdd(
            database,
            d => new Lazy<Task<string>>(() => CreateDatabaseCoreAsync(d), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Stops and removes the throwaway cluster, or drops the databases created on an external server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_server.IsValueCreated)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (UsesExternalServer)
        {
            await DropCreatedDatabasesAsync();
        }

        await Task.Run(StopCluster);
    }

    internal static string ToDatabaseName(string name)
    {
        // Test classes share the assembly's namespace, which says nothing about them.
        var rootNamespace = typeof(PostgresServer).Assembly.GetName().Name + ".";
        if (name.StartsWith(rootNamespace, StringComparison.Ordinal))
        {
            name = name[rootNamespace.Length..];
        }

        var builder = new StringBuilder(DatabasePrefix);
        foreach (var c in name.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        var database = builder.ToString();
        if (database.Length <= MaxIdentifierLength)
        {
            return database;
        }

        // Keep the readable start and make the truncated name unique again with a hash of the whole.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        return database[..(MaxIdentifierLength - hash.Length - 1)] + "_" + hash;
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<string> CreateDatabaseCoreAsync(string database)
    {
        var adminConnectionString = await _server.Value;
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)} TEMPLATE template0 ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;
    }

    private async Task DropCreatedDatabasesAsync()
    {
        string adminConnectionString;
        try
        {
            adminConnectionString = await _server.Value;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        foreach (var database in _databases.Keys)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private string StartServer()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return CheckExternalServer(external);
        }

        var binaries = FindBinaries();
        ThrowawayCluster.RemoveAbandoned(binaries);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var cluster = ThrowawayCluster.Create(binaries);
            lock (_clusterLock)
            {
                _cluster = cluster;
            }

            var failure = cluster.Start(LoopbackPort.GetFree());
            if (failure is null)
            {
                return cluster.ConnectionString;
            }

            StopCluster();
            if (attempt == attempts || !failure.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The throwaway PostgreSQL cluster from {binaries} did not start: {failure}\n" +
                    $"Set {ConnectionStringVariable} to the connection string of a running server to use that instead.");
            }
        }
    }

    private static string CheckExternalServer(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or NpgsqlException)
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is set, but no PostgreSQL server accepts connections with it ({e.Message}). " +
                "Fix the connection string (it needs a user allowed to create databases), or unset the variable to let the tests start a throwaway cluster.",
                e);
        }
    }

    private static string FindBinaries()
    {
        var newest = Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Directory, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries not found under {BinariesRoot}/*/bin; install the 'postgresql' Debian package or set {ConnectionStringVariable} to the connection string of a running server.");
    }

    private void StopCluster()
    {
        ThrowawayCluster? cluster;
        lock (_clusterLock)
        {
            cluster = _cluster;
            _cluster = null;
        }

        cluster?.StopAndDelete();
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopCluster();

    /// <summary>A cluster in a temporary directory, owned by the postgres user when the tests run as root.</summary>
    private sealed class ThrowawayCluster
    {
        private const string DirectoryPrefix = "mysocium-pg-";
        private const string OwnerFile = "owner.pid";

        private readonly string _binaries;
        private readonly string _root;
        private readonly bool _runAsPostgresUser;

        private ThrowawayCluster(string binaries, string root, bool runAsPostgresUser)
        {
            _binaries = binaries;
            _root = root;
            _runAsPostgresUser = runAsPostgresUser;
        }

        public string ConnectionString { get; private set; } = "";

        private string DataDirectory => Path.Combine(_root, "data");

        private string LogFile => Path.Combine(_root, "postgres.log");

        public static ThrowawayCluster Create(string binaries)
        {
            var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
            File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

            // initdb and postgres refuse to run as root, so root hands the directory to the postgres user.
            var runAsPostgresUser = Environment.IsPrivilegedProcess;
            if (runAsPostgresUser)
            {
                var chown = ExternalProcess.Run("chown", [$"{SuperUser}:{SuperUser}", root], root, ToolTimeout);
                if (!chown.Succeeded)
                {
                    TryDelete(root);
                    throw new InvalidOperationException(
                        $"The tests run as root, so the throwaway PostgreSQL cluster must belong to the '{SuperUser}' user (the 'postgresql' Debian package creates it), " +
                        $"but handing {root} to that user failed: {chown}");
                }
            }

            return new ThrowawayCluster(binaries, root, runAsPostgresUser);
        }

        /// <summary>
        /// Stops and removes the clusters of test runs that were killed before they could clean
        /// up (their owning process is gone); clusters of runs still going are left alone.
        /// </summary>
        public static void RemoveAbandoned(string binaries)
        {
            foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
            {
                try
                {
                    var owner = File.ReadAllText(Path.Combine(root, OwnerFile));
                    if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
                    {
                        new ThrowawayCluster(binaries, root, Environment.IsPrivilegedProcess).StopAndDelete();
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Being created right now, or another user's: not ours to remove.
                }
            }
        }

        /// <summary>Initializes and starts the cluster; returns why it failed, or null.</summary>
        public string? Start(int port)
        {
            if (!Directory.Exists(DataDirectory))
            {
                var initdb = RunTool(
                    "initdb",
                    ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
                if (!initdb.Succeeded)
                {
                    return initdb.ToString();
                }
            }

            // Loopback only, trust authentication (initdb -A trust), and durability traded for speed.
            string[] settings =
            [
                "listen_addresses=127.0.0.1",
                $"port={port}",
                $"unix_socket_directories='{_root}'",
                "fsync=off",
                "synchronous_commit=off",
                "full_page_writes=off",
                "wal_level=minimal",
                "max_wal_senders=0",
                "max_connections=300",
                "log_min_messages=warning",
            ];
            var options = string.Join(' ', settings.Select(s => "-c " + s));
            var start = RunTool("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
            if (!start.Succeeded)
            {
                return $"{start}\nServer log:\n{ReadLog()}";
            }

            ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = SuperUser,
                Database = "postgres",
            }.ConnectionString;
            return WaitUntilAcceptingConnections();
        }

        public void StopAndDelete()
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                // The data is thrown away, so there is nothing to flush: immediate is enough.
                var stop = RunTool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
                if (!stop.Succeeded)
                {
                    KillPostmaster();
                }
            }

            TryDelete(_root);
        }

        private static void TryDelete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        private string? WaitUntilAcceptingConnections()
        {
            var deadline = Environment.TickCount64 + 15_000;
            while (true)
            {
                try
                {
                    using var connection = new NpgsqlConnection(ConnectionString);
                    connection.Open();
                    using var command = new NpgsqlCommand("SELECT 1", connection);
                    command.ExecuteScalar();
                    return null;
                }
                catch (NpgsqlException) when (Environment.TickCount64 < deadline)
                {
                    Thread.Sleep(100);
                }
                catch (NpgsqlException e)
                {
                    return $"pg_ctl reported the server started, but it refused connections at {ConnectionString}: {e.Message}\nServer log:\n{ReadLog()}";
                }
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private void KillPostmaster()
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    using var postmaster = Process.GetProcessById(pid);
                    if (postmaster.ProcessName == "postgres")
                    {
                        postmaster.Kill(entireProcessTree: true);
                        postmaster.WaitForExit(10_000);
                    }
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        private ProcessOutcome RunTool(string tool, string[] arguments)
        {
            var executable = Path.Combine(_binaries, tool);
            return _runAsPostgresUser
                ? ExternalProcess.Run("runuser", ["-u", SuperUser, "--", executable, .. arguments], _root, ToolTimeout)
                : ExternalProcess.Run(executable, arguments, _root, ToolTimeout);
        }

        private string ReadLog()
        {
            try
            {
                return File.ReadAllText(LogFile);
            }
            catch (IOException e)
            {
                return $"(could not read {LogFile}: {e.Message})";
            }
        }
    }
}
