using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Benchmarks.Retention;

/// <summary>
/// DESIGN.md section 5, retention row: one pass over 1,000,000 login rows with IPv4 addresses in a
/// SQLite file (anonymize after 7 days, delete after 30; 70% of the rows are deleted, 23% anonymized,
/// 7% are recent), by the library's pruner against the hand-written set-based SQL a developer would
/// write for this table (one DELETE, one UPDATE truncating the last octet in SQL), and the same SQL with
/// SQLite's secure_delete on, as the library runs, for reference. Each iteration
/// starts from a copy of the same seeded file. Peak memory is sampled during the pass: the managed
/// heap and the process's working set (which holds SQLite's page cache), above where they stood
/// when the pass began.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(PeakMemoryConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class RetentionBenchmarks
{
    private const int Rows = 1_000_000;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _template = Path.Combine(Path.GetTempPath(), "mysocium-retention-bench-template.db");
    private readonly string _path = Path.Combine(Path.GetTempPath(), "mysocium-retention-bench.db");
    private ServiceProvider _services = null!;
    private PeakSampler? _sampler;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(new byte[32]))
            .AddEntityFrameworkStores<BenchContext>();
        services.AddDbContext<BenchContext>((sp, o) => o.UseSqlite($"Data Source={_path};Pooling=False").UseMySociumGdpr(sp));
        _services = services.BuildServiceProvider();

        File.Delete(_path);
        using (var scope = _services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<BenchContext>().Database.EnsureCreated();
        }

        using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // Logins one every 8.64 seconds over the last 100 days; addresses 10.x.y.z with z never 0.
            command.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows - 1})
                INSERT INTO Logins (At, Ip)
                SELECT strftime('%Y-%m-%d %H:%M:%f', '{Now:yyyy-MM-dd HH:mm:ss}', '-' || (i * 8.64) || ' seconds'),
                       '10.' || (i % 256) || '.' || ((i / 256) % 256) || '.' || (1 + (i % 254))
                FROM n
                """;
            command.ExecuteNonQuery();
        }

        File.Copy(_path, _template, overwrite: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        File.Delete(_path);
        File.Delete(_template);
    }

    [IterationSetup(Target = nameof(HandWrittenSql))]
    public void RestoreForHandWrittenSql() => Restore(nameof(HandWrittenSql));

    [IterationSetup(Target = nameof(HandWrittenSqlSecureDelete))]
    public void RestoreForHandWrittenSqlSecureDelete() => Restore(nameof(HandWrittenSqlSecureDelete));

    [IterationSetup(Target = nameof(LibraryPruner))]
    public void RestoreForLibraryPruner() => Restore(nameof(LibraryPruner));

    [IterationCleanup]
    public void Record() => _sampler!.Stop();

    private void Restore(string method)
    {
        File.Copy(_template, _path, overwrite: true);
        _sampler = new PeakSampler(PeakMemoryColumn.FileOf(nameof(RetentionBenchmarks), method), first: _sampler is null);
    }

    [Benchmark(Baseline = true)]
    public int HandWrittenSql() => HandWritten(secureDelete: false);

    /// <summary>
    /// A reference, not the baseline: the same statements with SQLite's <c>secure_delete</c> on, which the library
    /// turns on for every connection so deleted rows leave nothing in free pages; its cost alone.
    /// </summary>
    [Benchmark]
    public int HandWrittenSqlSecureDelete() => HandWritten(secureDelete: true);

    [Benchmark]
    public async Task<long> LibraryPruner()
    {
        var report = await _services.GetRequiredService<IRetentionPruner>().PruneAsync();
        return report.Deleted + report.Anonymized;
    }

    private int HandWritten(bool secureDelete)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA secure_delete = {(secureDelete ? "ON" : "OFF")};
            DELETE FROM Logins WHERE At < $delete;
            UPDATE Logins SET Ip = rtrim(Ip, '0123456789') || '0' WHERE At < $anonymize AND Ip IS NOT NULL AND Ip NOT LIKE '%.0';
            """;
        command.Parameters.AddWithValue("$delete", (Now - TimeSpan.FromDays(30)).UtcDateTime);
        command.Parameters.AddWithValue("$anonymize", (Now - TimeSpan.FromDays(7)).UtcDateTime);
        return command.ExecuteNonQuery();
    }

    [Retention(nameof(At), IpAddresses = [nameof(Ip)], AnonymizeAfter = "7.00:00:00", DeleteAfter = "30.00:00:00")]
    public sealed class Login
    {
        public long Id { get; set; }

        public DateTime At { get; set; }

        public string? Ip { get; set; }
    }

    public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
    {
        public DbSet<Login> Logins => Set<Login>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Login>().HasIndex(l => l.At);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Samples the managed heap and working set every millisecond on its own thread, and appends the peaks above the start to the file <see cref="PeakMemoryColumn"/> reads.</summary>
    private sealed class PeakSampler
    {
        private readonly string _file;
        private readonly Thread _thread;
        private readonly long _heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
        private readonly long _workingSetAtStart = Environment.WorkingSet;
        private volatile bool _stopped;
        private long _peakHeap;
        private long _peakWorkingSet;

        public PeakSampler(string file, bool first)
        {
            _file = file;
            if (first)
            {
                File.Delete(file);
            }

            _peakHeap = _heapAtStart;
            _peakWorkingSet = _workingSetAtStart;
            _thread = new Thread(Sample) { IsBackground = true };
            _thread.Start();
        }

        public void Stop()
        {
            _stopped = true;
            _thread.Join();
            File.AppendAllText(_file, string.Create(CultureInfo.InvariantCulture, $"{_peakHeap - _heapAtStart}\t{_peakWorkingSet - _workingSetAtStart}\n"));
        }

        private void Sample()
        {
            while (!_stopped)
            {
                _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
                Thread.Sleep(1);
            }
        }
    }
}
