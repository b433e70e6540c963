using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Encryption;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class TamperingTests : IAsyncLifetime
{
    private const string Secret = "ada.lovelace@example.org";

    private EncryptedDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await EncryptedDatabase.CreateAsync();
        await _db.WithContextAsync(async db =>
        {
            var person = Person.Sample();
            person.Email = Secret;
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(-1)]
    public async Task Read_WithFlippedBit_ThrowsNamingEntityColumnAndKey(int position)
    {
        await RewriteEmailAsync(envelope =>
        {
            var index = position < 0 ? envelope.Length + position : position;
            envelope[index] ^= 0x04;
            return envelope;
        });

        var failure = await ReadEmailFailureAsync();

        failure.Message.Should().Contain("Person.Email");
        failure.Entity.Should().Be("Person");
        failure.Property.Should().Be("Email");
    }

    [Fact]
    public async Task Read_WithFlippedTagBit_ThrowsWithKeyIdAndNoPlaintext()
    {
        await RewriteEmailAsync(envelope =>
        {
            envelope[^1] ^= 0x80;
            return envelope;
        });

        var failure = await ReadEmailFailureAsync();

        failure.Message.Should().Be("Cannot decrypt Person.Email (key id 1): authentication failed: the value was altered, truncated, or copied from another column.");
        failure.KeyId.Should().Be(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(37)]
    [InlineData(60)]
    public async Task Read_Truncated_Throws(int length)
    {
        await RewriteEmailAsync(envelope => envelope[..length]);

        var failure = await ReadEmailFailureAsync();

        failure.Message.Should().Contain("Person.Email").And.NotContain(Secret);
    }

    [Fact]
    public async Task Read_ValueCopiedFromAnotherColumn_Throws()
    {
        await _db.RawScalarAsync("UPDATE People SET Email = Nickname");

        var failure = await ReadEmailFailureAsync();

        failure.Message.Should().Contain("authentication failed");
    }

    [Fact]
    public async Task Read_ValueCopiedFromAnotherRowOfTheSameColumn_Decrypts()
    {
        // The associated data binds a value to its entity type and column, not to its row (DESIGN.md 3.2).
        await _db.WithContextAsync(async db =>
        {
            db.People.Add(new Person { UserName = "grace", Email = "grace@example.org" });
            await db.SaveChangesAsync();
        });
        await _db.RawScalarAsync("UPDATE People SET Email = (SELECT Email FROM People WHERE UserName = 'grace') WHERE UserName = 'ada'");

        var email = await _db.WithContextAsync(db => db.People.Where(p => p.UserName == "ada").Select(p => p.Email).SingleAsync());

        email.Should().Be("grace@example.org");
    }

    [Fact]
    public async Task Read_UnknownKeyId_ThrowsNamingTheKey()
    {
        await RewriteEmailAsync(envelope =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(2), 99);
            return envelope;
        });

        var failure = await ReadEmailFailureAsync();

        failure.KeyId.Should().Be(99);
        failure.Message.Should().Contain("key id 99").And.Contain("no data key with this id");
    }

    [Fact]
    public async Task Read_UnknownVersion_Throws()
    {
        await RewriteEmailAsync(envelope =>
        {
            envelope[0] = 2;
            return envelope;
        });

        (await ReadEmailFailureAsync()).Message.Should().Contain("format version 2 is unknown");
    }

    [Fact]
    public async Task Read_OtherAlgorithmIdUnderSameKey_FailsAuthentication()
    {
        await RewriteEmailAsync(envelope =>
        {
            envelope[1] = (byte)GdprEncryptionAlgorithm.XChaCha20Poly1305;
            return envelope;
        });

        (await ReadEmailFailureAsync()).Message.Should().Contain("authentication failed");
    }

    [Fact]
    public async Task Read_Base64ColumnWithBadText_Throws()
    {
        await _db.RawScalarAsync("UPDATE People SET LegacyNote = 'not base64 at all!'");

        var read = () => _db.WithContextAsync(db => db.People.Select(p => p.LegacyNote).SingleAsync());

        (await read.Should().ThrowAsync<PersonalDataDecryptionException>()).Which.Message.Should().Contain("Person.LegacyNote").And.Contain("not Base64");
    }

    private async Task RewriteEmailAsync(Func<byte[], byte[]> change)
    {
        var envelope = (byte[])(await _db.RawScalarAsync("SELECT Email FROM People"))!;
        await _db.RawScalarAsync("UPDATE People SET Email = $value", ("$value", change(envelope)));
    }

    private async Task<PersonalDataDecryptionException> ReadEmailFailureAsync()
    {
        var read = () => _db.WithContextAsync(db => db.People.AsNoTracking().SingleAsync());

        var failure = (await read.Should().ThrowAsync<PersonalDataDecryptionException>()).Which;
        failure.ToString().Should().NotContain(Secret);
        return failure;
    }
}
