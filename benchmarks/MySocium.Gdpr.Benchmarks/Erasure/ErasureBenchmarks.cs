using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Benchmarks.Erasure;

/// <summary>
/// DESIGN.md section 5, erasure row: one subject owning 100,000 dependent rows across five tables
/// (20,000 each, comments two levels down) on SQLite, erased by the library against the hand-written
/// ExecuteDelete statements a developer would write for this model, in one transaction each.
/// Each iteration erases a freshly seeded subject.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 7, invocationCount: 1)]
public class ErasureBenchmarks
{
    private const int RowsPerTable = 20_000;

    private SqliteConnection _connection = null!;
    private ServiceProvider _services = null!;
    private int _subject;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<BenchContext>()
            .AddSubject<BenchUser>();
        services.AddDbContext<BenchContext>((sp, o) => o.UseSqlite(_connection).UseMySociumGdpr(sp));
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<BenchContext>().Database.EnsureCreated();
        _services.GetRequiredService<IGdprKeyRing>().LoadAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _connection.Dispose();
    }

    [IterationSetup]
    public void Seed()
    {
        _subject++;
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, "INSERT INTO Users (Id, Name) VALUES ($id, 'subject')", _subject);
        foreach (var table in new[] { "Posts", "Likes", "Sessions", "Messages" })
        {
            Execute(transaction, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {RowsPerTable}) INSERT INTO {table} (UserId, Body) SELECT $id, 'row ' || i FROM n", _subject);
        }

        Execute(transaction, "INSERT INTO Comments (PostId, Body) SELECT Id, 'comment' FROM Posts WHERE UserId = $id", _subject);
        transaction.Commit();
    }

    [Benchmark(Baseline = true)]
    public async Task HandWrittenExecuteDelete()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var id = _subject;
        await db.Comments.Where(c => db.Posts.Any(p => p.Id == c.PostId && p.UserId == id)).ExecuteDeleteAsync();
        await db.Posts.Where(p => p.UserId == id).ExecuteDeleteAsync();
        await db.Likes.Where(l => l.UserId == id).ExecuteDeleteAsync();
        await db.Sessions.Where(s => s.UserId == id).ExecuteDeleteAsync();
        await db.Messages.Where(m => m.UserId == id).ExecuteDeleteAsync();
        await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync();
        await transaction.CommitAsync();
    }

    [Benchmark]
    public Task<ErasureReceipt> LibraryErase() => _services.GetRequiredService<IPersonalDataEraser>().EraseAsync(_subject);

    private static void Execute(SqliteTransaction transaction, string sql, int id)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    public sealed class BenchUser
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Post
    {
        public int Id { get; set; }

        public int UserId { get; set; }

        public string Body { get; set; } = "";
    }

    public sealed class Comment
    {
        public int Id { get; set; }

        public int PostId { get; set; }

        public string Body { get; set; } = "";
    }

    public sealed class Like
    {
        public int Id { get; set; }

        public int UserId { get; set; }

        public string Body { get; set; } = "";
    }

    public sealed class Session
    {
        public int Id { get; set; }

        public int UserId { get; set; }

        public string Body { get; set; } = "";
    }

    public sealed class Message
    {
        public int Id { get; set; }

        public int UserId { get; set; }

        public string Body { get; set; } = "";
    }

    public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
    {
        public DbSet<BenchUser> Users => Set<BenchUser>();

        public DbSet<Post> Posts => Set<Post>();

        public DbSet<Comment> Comments => Set<Comment>();

        public DbSet<Like> Likes => Set<Like>();

        public DbSet<Session> Sessions => Set<Session>();

        public DbSet<Message> Messages => Set<Message>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<BenchUser>().ToTable("Users");
            modelBuilder.Entity<Post>().HasOne<BenchUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
            modelBuilder.Entity<Comment>().HasOne<Post>().WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Restrict);
            modelBuilder.Entity<Like>().HasOne<BenchUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Restrict);
            modelBuilder.Entity<Session>().HasOne<BenchUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
            modelBuilder.Entity<Message>().HasOne<BenchUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}
