using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Tests.Encryption;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Encryption;

/// <summary>
/// Encryption at rest on a real PostgreSQL server: every type, blind indexes, refused operators,
/// tampering, rotation with an interrupted re-encryption, and plaintext migration.
/// </summary>
public sealed class PostgresEncryptionTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private string _connectionString = "";
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        _services = Build(_rootKey, o => o.Encryption.BatchSize = 10);
        await WithContextAsync(async db =>
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        });
        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task SaveAndLoad_EveryType_RoundTrips()
    {
        var saved = Person.Sample();
        await SaveAsync(saved);

        var loaded = await WithContextAsync(db => db.People.AsNoTracking().SingleAsync());
        var projected = await WithContextAsync(db => db.People.Select(p => new { p.Email, p.NullableInt, p.Address }).SingleAsync());

        loaded.Should().BeEquivalentTo(saved, o => o.Excluding(p => p.Address).Excluding(p => p.LastAddress));
        loaded.Address.Should().Be(saved.Address);
        loaded.LastAddress.Should().Be(saved.LastAddress);
        projected.Email.Should().Be(saved.Email);
        projected.NullableInt.Should().Be(saved.NullableInt);
        (await RawAsync("SELECT pg_typeof(\"Email\")::text FROM \"People\"")).Should().Be("bytea");
        (await RawAsync("SELECT pg_typeof(\"LegacyNote\")::text FROM \"People\"")).Should().Be("text");
    }

    [Fact]
    public async Task NullAndEmpty_StayNullAndRoundTripEmpty()
    {
        await SaveAsync(new Person { UserName = "empty", Email = "", Nickname = null, Photo = [] });

        var loaded = await WithContextAsync(db => db.People.SingleAsync());

        loaded.Email.Should().BeEmpty();
        loaded.Photo.Should().BeEmpty();
        loaded.Nickname.Should().BeNull();
        (await RawAsync("SELECT \"Nickname\" IS NULL FROM \"People\"")).Should().Be(true);
        (await RawAsync("SELECT length(\"Email\") > 0 FROM \"People\"")).Should().Be(true);
    }

    [Fact]
    public async Task Database_HoldsNoPlaintextOfEncryptedValues()
    {
        var person = Person.Sample();
        person.Email = "unmistakable-plaintext-7f3a@example.org";
        person.DisplayName = "VisibleDisplayNameMarker";
        await SaveAsync(person);

        var rows = (string)(await RawAsync("SELECT string_agg(p::text, '') FROM \"People\" p"))!;

        rows.Should().Contain("VisibleDisplayNameMarker", "the search sees readable columns");
        rows.Should().NotContain(person.Email).And.NotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(person.Email)).ToLowerInvariant());
    }

    [Fact]
    public async Task BlindIndex_FindsNormalizedValues_AndKeepsUniqueness()
    {
        await SaveMembersAsync(3);

        var byEmail = await WithContextAsync(db => db.Members.FirstOrDefaultAsync(m => m.Email == " USER1@example.org"));
        var any = await WithContextAsync(db => db.Members.AnyAsync(m => m.Phone == "+15550102"));
        var duplicate = () => SaveMembersAsync(1);

        byEmail!.UserName.Should().Be("user1");
        any.Should().BeTrue();
        (await duplicate.Should().ThrowAsync<DbUpdateException>()).WithInnerException<PostgresException>();
    }

    [Fact]
    public async Task UnsupportedOperators_AreRefused()
    {
        await SaveMembersAsync(2);

        var order = () => WithContextAsync(db => db.Members.OrderBy(m => m.Email).ToListAsync());
        var contains = () => WithContextAsync(db => db.Members.Where(m => m.Email.Contains("user")).ToListAsync());
        var unindexed = () => WithContextAsync(db => db.Members.Where(m => m.Bio == "bio 1").ToListAsync());

        await order.Should().ThrowAsync<NotSupportedException>().WithMessage("Member.Email is encrypted*");
        await contains.Should().ThrowAsync<NotSupportedException>().WithMessage("Member.Email is encrypted*");
        await unindexed.Should().ThrowAsync<NotSupportedException>().WithMessage("Member.Bio is encrypted without a blind index*");
    }

    [Fact]
    public async Task Tampering_FailsWithTheDocumentedException()
    {
        await SaveAsync(Person.Sample());
        await RawAsync("UPDATE \"People\" SET \"Email\" = set_byte(\"Email\", 40, get_byte(\"Email\", 40) # 1)");
        await RawAsync("UPDATE \"People\" SET \"Nickname\" = \"Bio\" FROM (SELECT \"Email\" AS \"Bio\" FROM \"People\") copy");

        var read = () => WithContextAsync(db => db.People.Select(p => p.Email).SingleAsync());
        var moved = () => WithContextAsync(db => db.People.Select(p => p.Nickname).SingleAsync());

        (await read.Should().ThrowAsync<PersonalDataDecryptionException>()).Which.Message.Should().StartWith("Cannot decrypt Person.Email (key id 1)");
        await moved.Should().ThrowAsync<PersonalDataDecryptionException>();
    }

    [Fact]
    public async Task Rotation_ReencryptionInterruptedHalfWay_Resumes()
    {
        await SaveMembersAsync(45);
        var rotated = await _services.GetRequiredService<IGdprKeyRing>().RotateAsync();
        var job = _services.GetRequiredService<IReencryptionJob>();
        using var stop = new CancellationTokenSource();

        var interrupted = () => job.RunAsync(new Progress(r => stop.CancelAfter(r.Columns.Single(c => c.Entity == "Member" && c.Property == "Email").Rewritten >= 20 ? 0 : Timeout.Infinite)), stop.Token);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        var movedHalfWay = await CountUnderKeyAsync(rotated.Id);
        var resumed = await job.RunAsync();
        var again = await job.RunAsync();

        movedHalfWay.Should().BeInRange(20, 44);
        resumed.Rewritten.Should().BeGreaterThan(0);
        again.Pending.Should().Be(0);
        (await CountUnderKeyAsync(rotated.Id)).Should().Be(45);
        await _services.GetRequiredService<IGdprKeyRing>().RetireAsync(1);
        (await WithContextAsync(db => db.Members.Where(m => m.Email == "user33@example.org").Select(m => m.Bio).SingleAsync())).Should().Be("bio 33");
    }

    [Fact]
    public async Task PlaintextMigration_EncryptsLegacyRowsAndFillsIndexes()
    {
        await using var migrating = Build(_rootKey, o => o.Encryption.AcceptPlaintext = true);
        await migrating.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await RawAsync("INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Document\", \"Note\") VALUES ('legacy', 'Legacy@Example.org', '\\x0102'::bytea, 'a note')");
        var job = migrating.GetRequiredService<IPlaintextMigrationJob>();

        var dryRun = await job.RunAsync(dryRun: true);
        var run = await job.RunAsync();
        var again = await job.RunAsync();

        dryRun.Pending.Should().Be(3);
        dryRun.Rewritten.Should().Be(0);
        run.Rewritten.Should().Be(3);
        again.Pending.Should().Be(0);
        (await RawAsync("SELECT \"Email\" FROM \"Customers\"")).Should().NotBe("Legacy@Example.org");
        (await WithContextAsync(db => db.Customers.Where(c => c.Email == "legacy@example.org").Select(c => c.Note).SingleAsync())).Should().Be("a note");
    }

    [Fact]
    public async Task WrongRootKey_FailsAtLoadNamingTheSetting()
    {
        await using var other = Build(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var load = () => other.GetRequiredService<IGdprKeyRing>().LoadAsync();

        (await load.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Gdpr:Encryption:RootKey");
    }

    private ServiceProvider Build(string rootKey, Action<GdprOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = rootKey;
            configure?.Invoke(o);
        }).AddEntityFrameworkStores<EncryptedContext>();
        services.AddDbContext<EncryptedContext>((sp, o) => o.UseNpgsql(_connectionString).UseMySociumGdpr(sp));
        return services.BuildServiceProvider();
    }

    private async Task<T> WithContextAsync<T>(Func<EncryptedContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<EncryptedContext>());
    }

    private Task WithContextAsync(Func<EncryptedContext, Task> action) => WithContextAsync(async db =>
    {
        await action(db);
        return true;
    });

    private Task SaveAsync(Person person) => WithContextAsync(async db =>
    {
        db.People.Add(person);
        await db.SaveChangesAsync();
    });

    private Task SaveMembersAsync(int count) => WithContextAsync(async db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.Members.Add(new Member { UserName = $"user{i}", Email = $"user{i}@example.org", Phone = $"+1 555 01{i:00}", Bio = $"bio {i}" });
        }

        await db.SaveChangesAsync();
    });

    private async Task<long> CountUnderKeyAsync(int keyId)
        => (long)(await RawAsync($"SELECT count(*) FROM \"Members\" WHERE substring(\"Email\" from 3 for 4) = '\\x{keyId:x8}'::bytea"))!;

    private async Task<object?> RawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    private sealed class Progress(Action<EncryptionJobReport> report) : IProgress<EncryptionJobReport>
    {
        public void Report(EncryptionJobReport value) => report(value);
    }
}
