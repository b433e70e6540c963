using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;
using MySocium.Gdpr.IntegrationTests.Erasure;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Tests.Erasure;
using MySocium.Gdpr.Tests.Export;

namespace MySocium.Gdpr.IntegrationTests.Export;

/// <summary>Export on a real PostgreSQL server, over the erasure model with every shape.</summary>
public sealed class PostgresExportTests(PostgresServer postgres)
{
    /// <summary>
    /// What the erasure removed is read from the database itself (the keys gone from each table), not from
    /// the plan both share. Rows that erasure detaches or retains stay in the database, so the key comparison
    /// is over the rows it deletes; retained rows are exported too (erasure anonymizes them), detached ones
    /// are other people's, and nothing else that stays may be in the export.
    /// </summary>
    [Fact]
    public async Task Export_HoldsEveryRowTheErasureDeletes_AndNothingThatOutlivesIt()
    {
        await using var database = await PostgresErasureDatabase.CreateAsync(postgres);
        var keyColumns = await database.PrimaryKeyColumnsAsync();
        var keysBefore = await database.PrimaryKeysAsync();
        var before = await database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, database.Grace));
        using var export = await ExportDocument.ExportAsync(database.Services, database.Ada);

        var receipt = await database.Eraser.EraseAsync(database.Ada);

        var keysAfter = await database.PrimaryKeysAsync();
        var removed = keysBefore
            .Select(t => (Table: t.Key, Keys: t.Value.Except(keysAfter[t.Key]).ToList()))
            .Where(t => t.Keys.Count > 0)
            .ToDictionary(t => t.Table, t => t.Keys);
        var deletes = receipt.Steps.Where(s => s.Action == ErasureAction.Delete).ToList();
        var deletedSections = export.Entities.Where(e => !e.TryGetProperty("retained", out _) && e.GetProperty("name").GetString() is not ("ConsentRecords" or "MailOptIns" or "PolicyNotices")).ToList();
        deletedSections.Should().HaveCount(deletes.Count);
        foreach (var step in deletes)
        {
            var entity = deletedSections.Should().ContainSingle(e => e.GetProperty("path").GetString() == step.Path).Subject;
            var tables = entity.GetProperty("tables").EnumerateArray().Select(t => t.GetString()!).ToList();
            var rows = export.Rows(entity.GetProperty("name").GetString()!);
            rows.Should().HaveCount(step.Rows, $"erasure deleted {step.Rows} rows of {step.Entity}");

            // A hierarchy's rows span its tables (TPT: base and derived share keys; TPC: one table per leaf).
            rows.Select(r => string.Join('|', keyColumns[tables[0]].Select(c => r.GetProperty(c).ToString())))
                .Should().BeEquivalentTo(tables.SelectMany(t => removed.GetValueOrDefault(t) ?? []).Distinct(), $"the rows gone from {string.Join(", ", tables)} are the ones exported");
        }

        removed.Keys.Should().BeSubsetOf(export.Entities.SelectMany(e => e.GetProperty("tables").EnumerateArray().Select(t => t.GetString()!)), "every table erasure deleted from is exported");
        var after = await database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, database.Grace));
        string[] deletedValues =
        [
            .. before.Accounts.Except(after.Accounts), .. before.Posts.Except(after.Posts), .. before.Comments.Except(after.Comments),
            .. before.Orders.Except(after.Orders), .. before.Pets.Except(after.Pets),
        ];
        deletedValues.Should().HaveCount(9, "Ada, her 3 posts, 2 comments on them, her order and her 2 pets");
        export.Strings.Should().Contain(deletedValues, "the export has the deleted values in the clear");
        var anonymized = before.Invoices.Select(i => i.BillingName).Except(after.Invoices.Select(i => i.BillingName)).ToList();
        anonymized.Should().Equal("Ada Lovelace");
        export.Strings.Should().Contain(anonymized, "rows erasure retains and anonymizes are exported as they were");
        string[] survivors =
        [
            .. after.Accounts, .. after.Posts, .. after.Comments, .. after.Orders, .. after.Pets, .. after.Tags,
            .. after.Invoices.Select(i => i.BillingName).Where(name => name.Length > 0), database.Grace.ToString(),
        ];
        export.Strings.Should().NotContain(survivors);
    }

    /// <summary>
    /// Npgsql's retrying strategy makes EF read a query's rows to the end, and close the provider's data
    /// reader, before it returns the first (so it could retry). The exporter opts out: nearly all of the
    /// document reaches the destination while a reader is still open.
    /// </summary>
    [Fact]
    public async Task Export_UnderNpgsqlsRetryingStrategy_WritesTheRowsWhileTheyAreRead()
    {
        const int Orders = 5_000;
        var readers = new ProviderReaders();
        await using var database = await PostgresErasureDatabase.CreateAsync(postgres, npgsql => npgsql.EnableRetryOnFailure(), readers);
        await database.WithContextAsync(async db =>
        {
            var ada = await db.Accounts.SingleAsync(a => a.Id == database.Ada);
            ada.Orders.AddRange(Enumerable.Range(0, Orders).Select(i => new Order { ShippingName = $"Ada L. #{i}", PlacedOn = new DateOnly(1843, 9, 5), Total = i }));
            await db.SaveChangesAsync();
        });
        await using var destination = new WatchedStream(readers);

        await database.Services.GetRequiredService<IPersonalDataExporter>().ExportAsync(database.Ada, destination);

        destination.Length.Should().BeGreaterThan(500_000);
        destination.WrittenWhileReading.Should().BeGreaterThan(destination.Length * 9 / 10, "rows are written as they are read, not after the orders were buffered");
        using var export = ExportDocument.Parse(destination.ToArray());
        export.Rows("Order").Should().HaveCount(Orders + 1);
        export.Rows("Account").Should().ContainSingle().Which.GetProperty("Name").GetString().Should().Be("Ada");
    }

    /// <summary>Keeps the provider's data readers, as they come from Npgsql before EF reads (or buffers) them.</summary>
    private sealed class ProviderReaders : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<DbDataReader> _readers = new();

        public bool AnyOpen => _readers.Any(r => !r.IsClosed);

        public override ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            _readers.Enqueue(result);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Counts the bytes written while a data reader is open.</summary>
    private sealed class WatchedStream(ProviderReaders readers) : MemoryStream
    {
        public long WrittenWhileReading { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WrittenWhileReading += readers.AnyOpen ? buffer.Length : 0;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
