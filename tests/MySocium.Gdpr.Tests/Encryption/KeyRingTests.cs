using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class KeyRingTests
{
    [Fact]
    public async Task Load_OnEmptyDatabase_CreatesOneCurrentKey()
    {
        await using var db = await EncryptedDatabase.CreateAsync();

        db.Keys.Keys.Should().ContainSingle().Which.Should().Match<Keys.GdprKeyInfo>(k => k.Id == 1 && k.IsCurrent);
        (await db.RawScalarAsync("SELECT count(*) FROM GdprDataKeys")).Should().Be(2L, "one encryption key and one blind-index key");
    }

    [Fact]
    public async Task Load_Again_ReusesTheStoredKeys()
    {
        var rootKey = EncryptedDatabase.NewRootKey();
        await using var first = await EncryptedDatabase.CreateAsync(rootKey);
        await SaveEmailAsync(first, "ada@example.org");

        await using var second = EncryptedDatabase.Build(rootKey, first.Path);
        await second.Keys.LoadAsync();

        (await second.WithContextAsync(c => c.People.Select(p => p.Email).SingleAsync())).Should().Be("ada@example.org");
        (await second.RawScalarAsync("SELECT count(*) FROM GdprDataKeys")).Should().Be(2L);
    }

    [Fact]
    public async Task Rotate_NewValuesUseTheNewKey_OldValuesStillDecrypt()
    {
        await using var db = await EncryptedDatabase.CreateAsync();
        await SaveEmailAsync(db, "before@example.org");

        var rotated = await db.Keys.RotateAsync();
        await SaveEmailAsync(db, "after@example.org");

        rotated.IsCurrent.Should().BeTrue();
        rotated.Id.Should().Be(3, "ids 1 and 2 are the first encryption and blind-index keys");
        db.Keys.Keys.Select(k => (k.Id, k.IsCurrent)).Should().Equal((1, false), (3, true));
        var emails = await db.WithContextAsync(c => c.People.OrderBy(p => p.Id).Select(p => p.Email).ToListAsync());
        emails.Should().Equal("before@example.org", "after@example.org");
        var keyIds = await db.WithContextAsync(c => c.People.OrderBy(p => p.Id).Select(p => EF.Property<int>(p, "Id")).ToListAsync());
        ((byte[])(await db.RawScalarAsync($"SELECT Email FROM People WHERE Id = {keyIds[0]}"))!)[5].Should().Be(1);
        ((byte[])(await db.RawScalarAsync($"SELECT Email FROM People WHERE Id = {keyIds[1]}"))!)[5].Should().Be(3);
    }

    [Fact]
    public async Task Load_WithAnotherRootKey_FailsNamingTheSettingWithoutKeyBytes()
    {
        var rootKey = EncryptedDatabase.NewRootKey();
        await using var first = await EncryptedDatabase.CreateAsync(rootKey);
        var otherRootKey = EncryptedDatabase.NewRootKey();
        await using var second = EncryptedDatabase.Build(otherRootKey, first.Path);

        var load = () => second.Keys.LoadAsync();

        var failure = (await load.Should().ThrowAsync<InvalidOperationException>()).Which;
        failure.Message.Should().Contain("Gdpr:Encryption:RootKey").And.Contain("does not unwrap data key 1");
        failure.ToString().Should().NotContain(rootKey).And.NotContain(otherRootKey);
    }

    [Fact]
    public async Task Load_WithoutRootKey_FailsNamingTheSetting()
    {
        await using var db = EncryptedDatabase.Build(rootKey: null, Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"));

        var load = () => db.Keys.LoadAsync();

        (await load.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Gdpr:Encryption:RootKey is not set");
    }

    [Fact]
    public async Task Read_BeforeKeysAreLoaded_FailsSayingSo()
    {
        await using var db = EncryptedDatabase.Build(EncryptedDatabase.NewRootKey(), Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"));
        await db.WithContextAsync(c => c.Database.EnsureCreatedAsync());

        var save = () => SaveEmailAsync(db, "x@example.org");

        (await save.Should().ThrowAsync<DbUpdateException>()).WithInnerException<InvalidOperationException>().WithMessage("*keys are not loaded*");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==")]
    public async Task Host_WithMalformedRootKey_FailsAtStartNamingTheSetting(string rootKey)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Gdpr:Encryption:RootKey", rootKey)]);
        builder.Services.AddMySociumGdpr(builder.Configuration.GetSection("Gdpr"));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Gdpr:Encryption:RootKey");
        failure.Message.Should().NotContain(rootKey);
    }

    [Fact]
    public async Task Host_Start_LoadsTheKeys()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMySociumGdpr(o => o.Encryption.RootKey = EncryptedDatabase.NewRootKey()).AddEntityFrameworkStores<EncryptedContext>();
        builder.Services.AddDbContext<EncryptedContext>((sp, o) => o.UseSqlite($"Data Source={path};Pooling=False").UseMySociumGdpr(sp));
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EncryptedContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();

        host.Services.GetRequiredService<Keys.IGdprKeyRing>().Keys.Should().ContainSingle(k => k.IsCurrent);
        await host.StopAsync();
        File.Delete(path);
    }

    private static Task SaveEmailAsync(EncryptedDatabase db, string email) => db.WithContextAsync(async c =>
    {
        c.People.Add(new Person { UserName = email, Email = email });
        await c.SaveChangesAsync();
    });
}
