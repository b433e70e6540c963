using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>Two instances on one database: a rotation by one is read by the other at once, and a key that activates later is re-encrypted to when it does.</summary>
public sealed class KeyReloadTests : IAsyncLifetime
{
    private const int KeysReloaded = 90;
    private const int KeysLoaded = 2;
    private const int KeysUnchanged = 92;
    private const int ReencryptionFinished = 3;

    private EncryptedDatabase _writer = null!;
    private EncryptedDatabase _reader = null!;

    public async ValueTask InitializeAsync()
    {
        _writer = await EncryptedDatabase.CreateAsync();
        _reader = EncryptedDatabase.Build(_writer.RootKey, _writer.Path, configureServices: (services, _) => services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false).AddLogging(l => l.SetMinimumLevel(LogLevel.Debug)));
        await _reader.Keys.LoadAsync();
        await AddAsync(_writer, "ada");
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _writer.DisposeAsync();
    }

    [Fact]
    public async Task Read_AValueUnderAKeyAnotherInstanceJustRotatedTo_ReloadsOnce_AndDecrypts()
    {
        var rotated = await _writer.Keys.RotateAsync();
        await AddAsync(_writer, "grace");

        var names = await _reader.WithContextAsync(db => db.Members.OrderBy(m => m.Id).Select(m => m.Email).ToListAsync());
        var found = await _reader.WithContextAsync(db => db.Members.Where(m => m.Email == "grace@example.org").Select(m => m.UserName).SingleAsync());

        names.Should().Equal("ada@example.org", "grace@example.org");
        found.Should().Be("grace");
        _reader.Keys.Keys.Should().Contain(k => k.Id == rotated.Id && k.IsCurrent, "the reload made the rotated key current here too");
        Logged(KeysReloaded).Should().Be(1);
    }

    [Fact]
    public async Task Read_AKeyIdNoDatabaseHolds_ReloadsOnce_ThenFailsAtOnce_SayingSo()
    {
        var envelope = (byte[])(await _writer.RawScalarAsync("SELECT Email FROM Members"))!;
        envelope.AsSpan(2, 4).Fill(0x7f);
        await _writer.WithContextAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Members SET Email = {envelope}"));
        var read = () => _reader.WithContextAsync(db => db.Members.Select(m => m.Email).SingleAsync());

        (await read.Should().ThrowAsync<Gdpr.Encryption.PersonalDataDecryptionException>()).Which.Message.Should()
            .Contain("the database holds no data key with this id (the keys were reloaded to look for it)").And.NotContain("ada");
        await read.Should().ThrowAsync<Gdpr.Encryption.PersonalDataDecryptionException>();

        Logged(KeysReloaded).Should().Be(1, "an id still missing after a reload is not reloaded for again until the next refresh");
        await _reader.Services.GetRequiredService<GdprKeyRingService>().RefreshAsync(CancellationToken.None);
        await read.Should().ThrowAsync<Gdpr.Encryption.PersonalDataDecryptionException>();
        Logged(KeysReloaded).Should().Be(2);
    }

    [Fact]
    public async Task Read_AValueUnderARetiredKey_SaysTheKeyWasRetired()
    {
        var old = (byte[])(await _writer.RawScalarAsync("SELECT Email FROM Members"))!;
        await _writer.Keys.RotateAsync();
        await _writer.Services.GetRequiredService<IReencryptionJob>().RunAsync();
        await _writer.Keys.RetireAsync(1);
        await _writer.WithContextAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Members SET Email = {old}"));
        await _reader.Services.GetRequiredService<GdprKeyRingService>().RefreshAsync(CancellationToken.None);

        var read = () => _reader.WithContextAsync(db => db.Members.Select(m => m.Email).SingleAsync());

        (await read.Should().ThrowAsync<Gdpr.Encryption.PersonalDataDecryptionException>()).Which.Message.Should().Contain("key id 1").And.Contain("was retired");
    }

    [Fact]
    public async Task Refresh_WithNothingChanged_LogsAtDebugOnly()
    {
        var service = _reader.Services.GetRequiredService<GdprKeyRingService>();

        await service.RefreshAsync(CancellationToken.None);
        await service.RefreshAsync(CancellationToken.None);

        Logged(KeysLoaded).Should().Be(1, "the load at start said what was loaded");
        Logged(KeysUnchanged).Should().Be(2);
    }

    [Fact]
    public async Task Rotate_WithAnActivationDelay_ReencryptsWhenTheKeyActivates_WithinARefreshInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = Path.Combine(Path.GetTempPath(), $"mysocium-gdpr-{Guid.NewGuid():N}.db");
        await using var delayed = EncryptedDatabase.Build(EncryptedDatabase.NewRootKey(), path, o =>
        {
            o.Encryption.KeyActivationDelay = TimeSpan.FromMinutes(2);
            o.Encryption.KeyRefreshInterval = TimeSpan.FromMinutes(1);
        }, (services, _) => services.AddSingleton<TimeProvider>(time));
        await delayed.WithContextAsync(db => db.Database.EnsureCreatedAsync());
        var initializer = delayed.Services.GetServices<IHostedService>().OfType<GdprKeyRingInitializer>().Single();
        await initializer.StartingAsync(CancellationToken.None);
        await initializer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await AddAsync(delayed, $"user{i}");
        }

        var rotated = await delayed.Keys.RotateAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        (await UnderKeyAsync(delayed, rotated.Id)).Should().Be(0, "the key is not current yet");

        time.Advance(TimeSpan.FromMinutes(1));
        var waited = TimeSpan.Zero;
        while (await UnderKeyAsync(delayed, rotated.Id) < 20 && waited < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            waited += TimeSpan.FromMilliseconds(50);
        }

        await initializer.StopAsync(CancellationToken.None);
        (await UnderKeyAsync(delayed, rotated.Id)).Should().Be(20, "the instance woke when the key activated and re-encrypted to it, with no clock time passing beyond the activation");
        delayed.Keys.Keys.Single(k => k.IsCurrent).Id.Should().Be(rotated.Id);
    }

    [Fact]
    public async Task Read_ThatReloadsToAKeyAnotherInstanceMadeCurrent_StartsReencryptionHere_AtTheNextRefresh()
    {
        // Ahead of the writer's clock, so the key the writer makes current is current here too.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        await using var reader = EncryptedDatabase.Build(_writer.RootKey, _writer.Path, o => o.Encryption.KeyRefreshInterval = TimeSpan.FromMinutes(1), (services, _) => services.AddSingleton<TimeProvider>(time));
        var initializer = await StartAsync(reader);
        var rotated = await _writer.Keys.RotateAsync();
        await AddAsync(_writer, "grace");

        await reader.WithContextAsync(db => db.Members.Select(m => m.Email).ToListAsync());
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitForAsync(async () => await UnderKeyAsync(reader, rotated.Id) == 2);
        await initializer.StopAsync(CancellationToken.None);

        (await UnderKeyAsync(reader, rotated.Id)).Should().Be(2, "the writer moved nothing; the reader's refresh saw the key its read had reloaded to, and re-encrypted");
    }

    [Fact]
    public async Task Rotate_ReencryptsOnceMore_ARefreshIntervalAfterTheActivation_ForWhatALaggingInstanceWroteMeanwhile()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = Path.Combine(Path.GetTempPath(), $"mysocium-gdpr-{Guid.NewGuid():N}.db");
        await using var instance = EncryptedDatabase.Build(EncryptedDatabase.NewRootKey(), path, o => o.Encryption.KeyRefreshInterval = TimeSpan.FromMinutes(1), (services, _) =>
            services.AddSingleton<TimeProvider>(time).AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false));
        await instance.WithContextAsync(db => db.Database.EnsureCreatedAsync());
        var initializer = await StartAsync(instance);
        await AddAsync(instance, "ada");
        var old = (byte[])(await instance.RawScalarAsync("SELECT Email FROM Members"))!;
        var runs = () => instance.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == ReencryptionFinished);

        time.Advance(TimeSpan.FromSeconds(30));
        var rotated = await instance.Keys.RotateAsync();
        await WaitForAsync(() => Task.FromResult(runs() == 1));
        time.Advance(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => Task.FromResult(runs() == 2));
        await instance.RawScalarAsync("UPDATE Members SET Email = $old", ("$old", old));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var before = await UnderKeyAsync(instance, rotated.Id);
        time.Advance(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => Task.FromResult(runs() == 3));
        await initializer.StopAsync(CancellationToken.None);

        before.Should().Be(0, "the value another instance wrote under the old key after the runs at rotation and at the refresh waits");
        (await UnderKeyAsync(instance, rotated.Id)).Should().Be(1, "the run a refresh interval after the activation moved it");
    }

    [Fact]
    public async Task Reencrypt_CalledWhileARunIsGoing_JoinsIt_AndGetsItsWholeReport()
    {
        for (var i = 0; i < 30; i++)
        {
            await AddAsync(_writer, $"user{i}");
        }

        await _writer.Keys.RotateAsync();
        var job = _writer.Services.GetRequiredService<IReencryptionJob>();
        using var joined = new ManualResetEventSlim();
        using var first = new ManualResetEventSlim();
        var running = Task.Run(() => job.RunAsync(new BlockingProgress(first, joined)));
        first.Wait(TestContext.Current.CancellationToken);

        var joining = job.RunAsync();
        joined.Set();
        var reports = await Task.WhenAll(running, joining);

        reports[1].Should().BeSameAs(reports[0], "the second call joined the running run instead of racing it");
        reports[0].Rewritten.Should().Be(31, "every email moved, in the one run");
        reports[0].RowsScanned.Should().Be(31, "each row counts once, whatever its number of encrypted columns");
    }

    private static async Task<GdprKeyRingInitializer> StartAsync(EncryptedDatabase database)
    {
        var initializer = database.Services.GetServices<IHostedService>().OfType<GdprKeyRingInitializer>().Single();
        await initializer.StartingAsync(CancellationToken.None);
        await initializer.StartAsync(CancellationToken.None);
        return initializer;
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var waited = 0; waited < 20_000 && !await done(); waited += 50)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static Task<int> UnderKeyAsync(EncryptedDatabase database, int keyId)
        => database.WithContextAsync(async db => (int)(long)(await database.RawScalarAsync($"SELECT count(*) FROM Members WHERE hex(substr(Email, 3, 4)) = '{keyId:X8}'"))!);

    private static Task AddAsync(EncryptedDatabase database, string name) => database.WithContextAsync(async db =>
    {
        db.Members.Add(new Member { UserName = name, Email = $"{name}@example.org" });
        await db.SaveChangesAsync();
    });

    private int Logged(int eventId) => _reader.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == eventId);

    /// <summary>Holds the run at its first batch until the test has made its second call.</summary>
    private sealed class BlockingProgress(ManualResetEventSlim first, ManualResetEventSlim joined) : IProgress<EncryptionJobReport>
    {
        public void Report(EncryptionJobReport value)
        {
            first.Set();
            joined.Wait();
        }
    }
}
