using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// Columns that held plaintext before the properties became encrypted: legacy rows are written
/// with plain SQL, as the application wrote them before it adopted the library.
/// </summary>
public sealed class PlaintextMigrationTests : IAsyncLifetime
{
    private EncryptedDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await EncryptedDatabase.CreateAsync(configure: o =>
        {
            o.Encryption.AcceptPlaintext = true;
            o.Encryption.BatchSize = 2;
        });
        for (var i = 0; i < 5; i++)
        {
            await _db.RawScalarAsync(
                "INSERT INTO Customers (Name, Email, Document, Note) VALUES ($name, $email, $document, $note)",
                ("$name", $"legacy{i}"), ("$email", $"Legacy{i}@Example.org"), ("$document", Encoding.UTF8.GetBytes($"passport {i}")), ("$note", i % 2 == 0 ? $"note {i}" : DBNull.Value));
        }

        await _db.WithContextAsync(async db =>
        {
            db.Customers.Add(new Customer { Name = "new", Email = "new@example.org", Document = [1, 2, 3], Note = "encrypted from the start" });
            await db.SaveChangesAsync();
        });
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private IPlaintextMigrationJob Job => _db.Services.GetRequiredService<IPlaintextMigrationJob>();

    [Fact]
    public async Task Read_InMigrationMode_AcceptsPlaintextAndEnvelopes()
    {
        var customers = await _db.WithContextAsync(db => db.Customers.OrderBy(c => c.Id).ToListAsync());

        customers.Select(c => c.Email).Should().Equal("Legacy0@Example.org", "Legacy1@Example.org", "Legacy2@Example.org", "Legacy3@Example.org", "Legacy4@Example.org", "new@example.org");
        customers[0].Document.Should().Equal(Encoding.UTF8.GetBytes("passport 0"));
        customers[1].Note.Should().BeNull();
        customers[5].Note.Should().Be("encrypted from the start");
    }

    [Fact]
    public async Task DryRun_CountsWithoutWriting()
    {
        var report = await Job.RunAsync(dryRun: true);

        report.Columns.Single(c => c.Entity == "Customer" && c.Property == "Email").Pending.Should().Be(5);
        report.Columns.Single(c => c.Entity == "Customer" && c.Property == "Document").Pending.Should().Be(5);
        report.Columns.Single(c => c.Entity == "Customer" && c.Property == "Note").Pending.Should().Be(3);
        report.Rewritten.Should().Be(0);
        (await _db.RawScalarAsync("SELECT Email FROM Customers WHERE Name = 'legacy0'")).Should().Be("Legacy0@Example.org");
    }

    [Fact]
    public async Task Run_EncryptsPlaintextAndFillsBlindIndexes_ThenHasNothingLeft()
    {
        var report = await Job.RunAsync();
        var again = await Job.RunAsync();

        report.Rewritten.Should().Be(13);
        again.Pending.Should().Be(0);
        var file = await File.ReadAllBytesAsync(_db.Path);
        file.AsSpan().IndexOf("Legacy3@Example.org"u8).Should().Be(-1);
        file.AsSpan().IndexOf("passport 3"u8).Should().Be(-1);
        (await _db.WithContextAsync(db => db.Customers.Where(c => c.Email == "legacy3@example.org").Select(c => c.Name).SingleAsync())).Should().Be("legacy3");
        (await _db.WithContextAsync(db => db.Customers.Where(c => c.Name == "legacy2").Select(c => c.Note).SingleAsync())).Should().Be("note 2");
    }

    [Fact]
    public async Task Lookup_BeforeMigration_DoesNotFindRowsWithoutIndex()
    {
        var found = await _db.WithContextAsync(db => db.Customers.CountAsync(c => c.Email == "legacy1@example.org"));

        found.Should().Be(0, "the index is filled by the migration job");
    }

    [Fact]
    public async Task Read_WithoutMigrationMode_FailsOnPlaintextInsteadOfReturningIt()
    {
        await using var strict = EncryptedDatabase.Build(_db.RootKey, _db.Path);
        await strict.Keys.LoadAsync();

        var read = () => strict.WithContextAsync(db => db.Customers.Select(c => c.Email).ToListAsync());

        await read.Should().ThrowAsync<PersonalDataDecryptionException>();
    }
}
