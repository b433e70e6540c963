using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class EncryptionRoundTripTests : IAsyncLifetime
{
    private EncryptedDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await EncryptedDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task SaveAndLoad_EveryType_RoundTrips()
    {
        var saved = Person.Sample();
        await _db.WithContextAsync(db => db.AddAsync(saved).AsTask().ContinueWith(_ => db.SaveChangesAsync()).Unwrap());

        var loaded = await _db.WithContextAsync(db => db.People.SingleAsync());

        loaded.Should().BeEquivalentTo(saved, o => o.Excluding(p => p.Address).Excluding(p => p.LastAddress));
        loaded.Address.Should().Be(saved.Address);
        loaded.Address.ScopeId.Should().Be(3);
        loaded.LastAddress.Should().Be(saved.LastAddress);
        loaded.DateTime.Kind.Should().Be(DateTimeKind.Utc);
        loaded.NullableDateTime!.Value.Kind.Should().Be(DateTimeKind.Local);
        loaded.DateTimeOffset.Offset.Should().Be(TimeSpan.FromHours(5.75));
    }

    [Fact]
    public async Task SaveAndLoad_Nulls_StayNullInTheDatabase()
    {
        var person = new Person { UserName = "nulls", Email = "n@example.org" };
        await SaveAsync(person);

        var loaded = await _db.WithContextAsync(db => db.People.SingleAsync());

        loaded.Nickname.Should().BeNull();
        loaded.Signature.Should().BeNull();
        loaded.NullableInt.Should().BeNull();
        loaded.NullableTier.Should().BeNull();
        loaded.LastAddress.Should().BeNull();
        (await _db.RawScalarAsync("SELECT Nickname FROM People")).Should().Be(DBNull.Value);
        (await _db.RawScalarAsync("SELECT NullableInt FROM People")).Should().Be(DBNull.Value);
        (await _db.RawScalarAsync("SELECT LastAddress FROM People")).Should().Be(DBNull.Value);
    }

    [Fact]
    public async Task SaveAndLoad_EmptyString_RoundTripsAsEmptyNotNull()
    {
        await SaveAsync(new Person { UserName = "empty", Email = "", Nickname = "", Photo = [] });

        var loaded = await _db.WithContextAsync(db => db.People.SingleAsync());

        loaded.Email.Should().BeEmpty();
        loaded.Nickname.Should().BeEmpty();
        loaded.Photo.Should().BeEmpty();
        (await _db.RawScalarAsync("SELECT Nickname FROM People")).Should().BeOfType<byte[]>().Which.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Projection_And_NoTracking_Decrypt()
    {
        await SaveAsync(Person.Sample());

        var email = await _db.WithContextAsync(db => db.People.Select(p => p.Email).SingleAsync());
        var projected = await _db.WithContextAsync(db => db.People.Select(p => new { p.Nickname, p.NullableInt, p.Address }).SingleAsync());
        var untracked = await _db.WithContextAsync(db => db.People.AsNoTracking().SingleAsync());

        email.Should().Be("ada.lovelace@example.org");
        projected.Nickname.Should().Be("Countess of computing");
        projected.NullableInt.Should().Be(42);
        projected.Address.Should().Be(IPAddress.Parse("2001:db8::1%3"));
        untracked.Email.Should().Be("ada.lovelace@example.org");
    }

    [Fact]
    public async Task Update_ReencryptsTheChangedValue()
    {
        await SaveAsync(Person.Sample());
        var before = (byte[])(await _db.RawScalarAsync("SELECT Email FROM People"))!;

        await _db.WithContextAsync(async db =>
        {
            var person = await db.People.SingleAsync();
            person.Email = "new@example.org";
            await db.SaveChangesAsync();
        });

        (await _db.WithContextAsync(db => db.People.Select(p => p.Email).SingleAsync())).Should().Be("new@example.org");
        ((byte[])(await _db.RawScalarAsync("SELECT Email FROM People"))!).Should().NotEqual(before);
    }

    [Fact]
    public async Task DatabaseFile_HoldsNoPlaintextOfEncryptedValues()
    {
        var person = Person.Sample();
        person.Email = "unmistakable-plaintext-7f3a@example.org";
        person.Nickname = "ZebraQuokkaPlaintextMarker";
        person.LegacyNote = "AnotherDistinctivePlaintextForBase64";
        person.DisplayName = "VisibleDisplayNameMarker";
        await SaveAsync(person);
        await _db.RawScalarAsync("PRAGMA wal_checkpoint(TRUNCATE)");

        var file = await File.ReadAllBytesAsync(_db.Path);

        foreach (var secret in new[] { person.Email, person.Nickname, person.LegacyNote })
        {
            file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, $"'{secret}' is encrypted");
        }

        file.AsSpan().IndexOf("VisibleDisplayNameMarker"u8).Should().BeGreaterThan(-1, "Encrypt = false leaves the value readable, which proves the search works");
    }

    [Fact]
    public async Task Base64Storage_KeepsATextColumn()
    {
        await SaveAsync(Person.Sample());

        var stored = await _db.RawScalarAsync("SELECT LegacyNote FROM People");

        stored.Should().BeOfType<string>().Which.Should().NotContain("Base64 text");
        Convert.FromBase64String((string)stored!).Should().NotBeEmpty();
        (await _db.RawScalarAsync("SELECT typeof(Email) FROM People")).Should().Be("blob");
    }

    private Task SaveAsync(Person person) => _db.WithContextAsync(async db =>
    {
        db.People.Add(person);
        await db.SaveChangesAsync();
    });
}
