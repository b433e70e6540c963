using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>A model erasure cannot handle without guessing stops the host's start, naming the entity and the paths.</summary>
public sealed class ErasurePlanValidationTests
{
    [Fact]
    public async Task Start_WithTwoRequiredReferencesToTheSubject_FailsNamingBothPaths()
    {
        var start = () => StartAsync<MessagingContext>();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("Erasure cannot tell which reference makes a Message the subject's")
            .And.Contain("Message.RecipientId (Member)").And.Contain("Message.SenderId (Member)")
            .And.Contain("[Erasure(ErasureAction.Detach)]");
    }

    [Fact]
    public async Task Start_WithRetainOnARequiredReference_FailsNamingIt()
    {
        var start = () => StartAsync<RequiredRetainContext>();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("Erasure would have to set Receipt.MemberId to null").And.Contain("but it is required");
    }

    [Fact]
    public async Task Start_WithRetainWithoutReason_FailsAskingForOne()
    {
        var start = () => StartAsync<UnreasonedRetainContext>();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("is retained on erasure but says no reason");
    }

    [Fact]
    public async Task Start_WithPersonalDataInAComplexCollectionOfARetainedRow_FailsNamingIt()
    {
        var start = () => StartAsync<ComplexCollectionRetainContext>();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("Ledger is retained on erasure, but its personal data Payers.Name is inside a complex collection");
    }

    [Fact]
    public async Task Start_WithAResolvableModel_Starts()
    {
        await StartAsync<ErasureContext>(subject: typeof(Account));
    }

    private static async Task StartAsync<TContext>(Type? subject = null)
        where TContext : DbContext
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<TContext>();
        builder.Services.AddSingleton(new GdprSubject(subject ?? typeof(Member)));
        builder.Services.AddDbContext<TContext>((sp, o) => o.UseSqlite(connection).UseMySociumGdpr(sp));
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        await host.StopAsync();
    }

    public sealed class Member
    {
        public int Id { get; set; }
    }

    public sealed class Message
    {
        public int Id { get; set; }

        public int SenderId { get; set; }

        public int RecipientId { get; set; }
    }

    [Erasure(ErasureAction.Retain, Reason = "Kept for the accounts")]
    public sealed class Receipt
    {
        public int Id { get; set; }

        public int MemberId { get; set; }
    }

    [Erasure(ErasureAction.Retain)]
    public sealed class Note
    {
        public int Id { get; set; }

        public int? MemberId { get; set; }
    }

    [Erasure(ErasureAction.Retain, Reason = "Kept for the accounts")]
    public sealed class Ledger
    {
        public int Id { get; set; }

        public int? MemberId { get; set; }

        public List<Payer> Payers { get; set; } = [];
    }

    public sealed class Payer
    {
        [PersonalData(Encrypt = false)] public string Name { get; set; } = "";
    }

    public sealed class MessagingContext(DbContextOptions<MessagingContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Member>();
            modelBuilder.Entity<Message>().HasOne<Member>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
            modelBuilder.Entity<Message>().HasOne<Member>().WithMany().HasForeignKey(m => m.RecipientId).OnDelete(DeleteBehavior.Restrict);
        }
    }

    public sealed class RequiredRetainContext(DbContextOptions<RequiredRetainContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Receipt>().HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId);
    }

    public sealed class UnreasonedRetainContext(DbContextOptions<UnreasonedRetainContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Note>().HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId);
    }

    public sealed class ComplexCollectionRetainContext(DbContextOptions<ComplexCollectionRetainContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Ledger>().HasOne<Member>().WithMany().HasForeignKey(l => l.MemberId);
            modelBuilder.Entity<Ledger>().ComplexCollection(l => l.Payers, payers => payers.ToJson());
        }
    }
}
