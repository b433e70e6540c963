using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Benchmarks.Encryption;

/// <summary>
/// DESIGN.md section 5, row 3: loading 10,000 entities with three encrypted columns from SQLite,
/// against the same load of an entity whose three columns hold the same values in plaintext.
/// </summary>
[MemoryDiagnoser]
public class EntityLoadBenchmarks
{
    private const int Rows = 10_000;

    private SqliteConnection _connection = null!;
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private LoadContext _db = null!;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<LoadContext>();
        services.AddDbContext<LoadContext>((sp, o) => o.UseSqlite(_connection).UseMySociumGdpr(sp));
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        _db = _scope.ServiceProvider.GetRequiredService<LoadContext>();
        _db.Database.EnsureCreated();
        _services.GetRequiredService<IGdprKeyRing>().LoadAsync().GetAwaiter().GetResult();

        for (var i = 0; i < Rows; i++)
        {
            var (name, email, phone) = ($"Person Number {i:00000}", $"person{i:00000}@example.org", $"+44 20 7946 {i:0000}");
            _db.Add(new PlainUser { Name = name, Email = email, Phone = phone });
            _db.Add(new EncryptedUser { Name = name, Email = email, Phone = phone });
        }

        _db.SaveChanges();
        _db.ChangeTracker.Clear();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int LoadPlaintext() => _db.PlainUsers.AsNoTracking().ToList().Count;

    [Benchmark]
    public int LoadEncrypted() => _db.EncryptedUsers.AsNoTracking().ToList().Count;

    public sealed class PlainUser
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public string Email { get; set; } = "";

        public string Phone { get; set; } = "";
    }

    public sealed class EncryptedUser
    {
        public int Id { get; set; }

        [PersonalData] public string Name { get; set; } = "";

        [PersonalData] public string Email { get; set; } = "";

        [PersonalData] public string Phone { get; set; } = "";
    }

    public sealed class LoadContext(DbContextOptions<LoadContext> options) : DbContext(options)
    {
        public DbSet<PlainUser> PlainUsers => Set<PlainUser>();

        public DbSet<EncryptedUser> EncryptedUsers => Set<EncryptedUser>();
    }
}
