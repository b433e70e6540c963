using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class RotationTests : IAsyncLifetime
{
    private const int Rows = 45;

    private EncryptedDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await EncryptedDatabase.CreateAsync(configure: o => o.Encryption.BatchSize = 10);
        await _db.WithContextAsync(async db =>
        {
            for (var i = 0; i < Rows; i++)
            {
                db.Members.Add(new Member { UserName = $"user{i}", Email = $"user{i}@example.org", Phone = i % 3 == 0 ? null : $"+1 555 01{i:00}", Bio = $"bio {i}" });
            }

            await db.SaveChangesAsync();
        });
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private IReencryptionJob Job => _db.Services.GetRequiredService<IReencryptionJob>();

    [Fact]
    public async Task Reencrypt_InterruptedHalfWay_ResumesAndFinishes()
    {
        var rotated = await _db.Keys.RotateAsync();
        using var stop = new CancellationTokenSource();
        // Cancel() at once: CancelAfter(0) fires on a timer, which a loaded machine may run only after the job finished.
        var interrupted = () => Job.RunAsync(
            new SynchronousProgress(r =>
            {
                if (r.Columns.Single(c => c.Entity == "Member" && c.Property == "Email").Rewritten >= 20)
                {
                    stop.Cancel();
                }
            }),
            stop.Token);

        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        var (movedBefore, stayedBefore) = await CountKeysAsync(rotated.Id);
        var resumed = await Job.RunAsync();
        var again = await Job.RunAsync();

        movedBefore.Should().BeGreaterThanOrEqualTo(20).And.BeLessThan(Rows);
        stayedBefore.Should().BeGreaterThan(0);
        resumed.Rewritten.Should().Be(resumed.Pending).And.BeGreaterThan(0);
        again.Pending.Should().Be(0, "a finished run leaves nothing to do");
        (await CountKeysAsync(rotated.Id)).Stayed.Should().Be(0);
        (await _db.WithContextAsync(db => db.Members.Where(m => m.Email == "user7@example.org").Select(m => m.Bio).SingleAsync())).Should().Be("bio 7");
    }

    [Fact]
    public async Task Reencrypt_ReportsEveryEncryptedColumn()
    {
        await _db.Keys.RotateAsync();

        var report = await Job.RunAsync();

        report.Columns.Should().Contain(c => c.Entity == "Member" && c.Property == "Email" && c.Scanned == Rows && c.Rewritten == Rows);
        report.Columns.Should().Contain(c => c.Entity == "Member" && c.Property == "Phone" && c.Rewritten == 30, "null phones stay null");
    }

    [Fact]
    public async Task Reencrypt_DoesNotOverwriteAValueChangedAfterItWasRead()
    {
        await _db.Keys.RotateAsync();
        await _db.WithContextAsync(async db =>
        {
            var table = EncryptedTable.Of(db.Model).Single(t => t.Name == "Members");
            var store = new EncryptedTableStore(db);
            var batch = await store.ScanAsync(table, 5, CancellationToken.None).FirstAsync();
            var email = table.Columns.ToList().FindIndex(c => c.Property == "Email");
            var stale = batch[0];
            await db.Database.ExecuteSqlRawAsync("UPDATE Members SET Email = Bio WHERE Id = {0}", stale.Key[0]);
            var values = new object?[table.Columns.Count];
            values[email] = new byte[] { 1, 2, 3 };

            var landed = await store.RewriteAsync(table, [new RowRewrite(stale, values, new object?[table.Columns.Count])], CancellationToken.None);

            landed.Should().Equal(false);
        });
    }

    [Fact]
    public async Task Reencrypt_ARowTheApplicationChangesBetweenReadAndRewrite_IsReadAgain_AndItsOtherValuesMoved()
    {
        var change = new ChangeBeforeFirstRewrite();
        await using var db = EncryptedDatabase.Build(_db.RootKey, _db.Path, o => o.Encryption.BatchSize = 10, configureContext: o => o.AddInterceptors(change));
        await db.Keys.LoadAsync();
        var rotated = await db.Keys.RotateAsync();
        await db.WithContextAsync(async context =>
        {
            context.Members.Add(new Member { UserName = "fresh", Email = "fresh@example.org", Bio = "written under the new key" });
            await context.SaveChangesAsync();
        });
        change.Bio = (byte[])(await db.RawScalarAsync("SELECT Bio FROM Members WHERE UserName = 'fresh'"))!;

        var report = await db.Services.GetRequiredService<IReencryptionJob>().RunAsync();

        change.Applied.Should().BeTrue("the application's write landed between the job's read and its rewrite");
        (await CountKeysAsync(rotated.Id)).Moved.Should().Be(Rows + 1, "the changed row's email was moved on the second try, and the new row's was written under the new key");
        report.Columns.Single(c => c.Entity == "Member" && c.Property == "Email").Rewritten.Should().Be(Rows);
        (await db.WithContextAsync(context => context.Members.Where(m => m.Id == 1).Select(m => m.Bio).SingleAsync())).Should().Be("written under the new key", "the application's write was kept");
    }

    [Fact]
    public async Task Retire_KeyStillInUse_IsRefusedNamingTheColumns()
    {
        var rotated = await _db.Keys.RotateAsync();

        var retire = () => _db.Keys.RetireAsync(1);

        var failure = (await retire.Should().ThrowAsync<InvalidOperationException>()).Which;
        failure.Message.Should().Contain("Data key 1 still encrypts").And.Contain("Member.Email: 45");
        _db.Keys.Keys.Select(k => k.Id).Should().Equal(1, rotated.Id);
    }

    [Fact]
    public async Task Retire_AfterReencryption_RemovesTheKey()
    {
        var rotated = await _db.Keys.RotateAsync();
        await Job.RunAsync();

        await _db.Keys.RetireAsync(1);

        _db.Keys.Keys.Should().ContainSingle().Which.Id.Should().Be(rotated.Id);
        (await _db.WithContextAsync(db => db.Members.CountAsync(m => m.Email == "user3@example.org"))).Should().Be(1);
        (await _db.RawScalarAsync("SELECT RetiredAt IS NOT NULL FROM GdprDataKeys WHERE Id = 1")).Should().Be(1L);
    }

    [Fact]
    public async Task Retire_CurrentKey_IsRefused()
    {
        var retire = () => _db.Keys.RetireAsync(1);

        (await retire.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("current key");
    }

    [Fact]
    public async Task Rotate_WithActivationDelay_KeepsEncryptingUnderTheOldKeyUntilThen()
    {
        await using var delayed = await EncryptedDatabase.CreateAsync(configure: o => o.Encryption.KeyActivationDelay = TimeSpan.FromHours(1));

        var pending = await delayed.Keys.RotateAsync();
        await delayed.WithContextAsync(async db =>
        {
            db.Members.Add(new Member { UserName = "late", Email = "late@example.org" });
            await db.SaveChangesAsync();
        });

        pending.IsCurrent.Should().BeFalse();
        pending.ActivatesAt.Should().BeCloseTo(pending.CreatedAt + TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        ((byte[])(await delayed.RawScalarAsync("SELECT Email FROM Members"))!)[5].Should().Be(1);
    }

    [Fact]
    public async Task Refresh_SeesARotationDoneByAnotherInstance()
    {
        await using var other = EncryptedDatabase.Build(_db.RootKey, _db.Path);
        await other.Keys.LoadAsync();

        var rotated = await other.Keys.RotateAsync();
        await other.WithContextAsync(async db =>
        {
            db.Members.Add(new Member { UserName = "elsewhere", Email = "elsewhere@example.org" });
            await db.SaveChangesAsync();
        });
        await _db.Services.GetRequiredService<GdprKeyRingService>().RefreshAsync(CancellationToken.None);

        _db.Keys.Keys.Should().Contain(k => k.Id == rotated.Id && k.IsCurrent);
        (await _db.WithContextAsync(db => db.Members.Where(m => m.Email == "elsewhere@example.org").Select(m => m.UserName).SingleAsync())).Should().Be("elsewhere");
    }

    private async Task<(int Moved, int Stayed)> CountKeysAsync(int newKeyId)
    {
        var moved = (long)(await _db.RawScalarAsync($"SELECT count(*) FROM Members WHERE hex(substr(Email, 3, 4)) = '{newKeyId:X8}'"))!;
        return ((int)moved, Rows - (int)moved);
    }

    /// <summary>Writes a new biography into row 1 as the job's first rewrite transaction begins, after the job read the row.</summary>
    private sealed class ChangeBeforeFirstRewrite : DbTransactionInterceptor
    {
        public byte[]? Bio { get; set; }

        public bool Applied { get; private set; }

        public override async ValueTask<DbTransaction> TransactionStartedAsync(
            DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            if (Bio is not null && !Applied)
            {
                Applied = true;
                await using var write = connection.CreateCommand();
                write.Transaction = result;
                write.CommandText = "UPDATE Members SET Bio = $bio WHERE Id = 1";
                var bio = write.CreateParameter();
                bio.ParameterName = "$bio";
                bio.Value = Bio;
                write.Parameters.Add(bio);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }

    private sealed class SynchronousProgress(Action<EncryptionJobReport> report) : IProgress<EncryptionJobReport>
    {
        public void Report(EncryptionJobReport value) => report(value);
    }
}
