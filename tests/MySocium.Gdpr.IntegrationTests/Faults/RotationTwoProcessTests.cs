using System.Globalization;
using System.Security.Cryptography;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Faults;

/// <summary>
/// Two processes of one application on one PostgreSQL database: one rotates the data key while the other
/// reads pages of people, finds them by address (the blind index) and renames and adds them without pause.
/// The test watches the database meanwhile: which key each stored value names, and when the new key is
/// current. Nothing may fail in either process, no value may be under the new key before it is current,
/// and every value must be under it within two key-refresh intervals of that moment.
/// </summary>
public sealed class RotationTwoProcessTests(PostgresServer postgres)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    private readonly string _rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Postgres_OneRotatesWhileTheOtherReadsAndWrites_NothingFails_AndEveryValueMovesWithinTwoRefreshes(int activationDelaySeconds)
    {
        var connection = await postgres.CreateDatabaseAsync($"{nameof(RotationTwoProcessTests)}-{activationDelaySeconds}");
        string[] common =
        [
            "--Provider", "postgres", "--ConnectionString", connection, "--Gdpr:Encryption:RootKey", _rootKey, "--Gdpr:Notifications:BaseUrl", "https://app.example.test",
            "--Gdpr:Encryption:KeyRefreshInterval", RefreshInterval.ToString("c", CultureInfo.InvariantCulture),
            "--Gdpr:Encryption:KeyActivationDelay", TimeSpan.FromSeconds(activationDelaySeconds).ToString("c", CultureInfo.InvariantCulture),
        ];
        (await FaultHostProcess.RunAsync(["rotation", "seed", .. common])).Should().Be("SEEDED 3000");
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync(TestContext.Current.CancellationToken);

        var worker = FaultHostProcess.RunAsync(["rotation", "work", "--Seconds", "24", .. common]);
        await WaitUntilAsync(async () => worker.IsCompleted || await ScalarAsync<long>(database, "SELECT COUNT(*) FROM \"People\"") > 3000);
        var rotator = FaultHostProcess.RunAsync(["rotation", "rotate", "--Seconds", "16", .. common]);
        var watch = await WatchAsync(database, worker);

        var worked = (await worker).Split(' ');
        var rotated = (await rotator).Split(' ');

        worked.Should().HaveCount(6).And.HaveElementAt(0, "WORKED");
        worked[1..4].Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Should().AllSatisfy(n => n.Should().BePositive(), "the worker read, found and wrote people throughout");
        worked[4..].Should().Equal(["0", "0"], "no operation of the worker failed and none of its background jobs logged an error");
        rotated.Should().Equal(["ROTATED", "3", "0"], "the rotation made key 3 (after key 1 and the blind-index key) and logged no error");
        watch.Activation.Should().NotBeNull("the new key became current while the worker ran");
        watch.UnderNewKeyEarly.Should().Be(0, "no value is encrypted under a key before it is current");
        watch.LastBehind.Should().NotBeNull("values were under the old key when the new one became current");
        (watch.LastBehind!.Value - watch.Activation!.Value).Should().BeLessThanOrEqualTo(2 * RefreshInterval, "every value was under the new key within two refresh intervals of its activation");
        (await BehindAsync(database, 3)).Should().Be(0);
    }

    /// <summary>
    /// Polls until the worker ends: when the newest encryption key is current, how many people have a value
    /// under it before that moment, and the last moment after it when one still had a value under an older key.
    /// </summary>
    private static async Task<Watch> WatchAsync(NpgsqlConnection database, Task worker)
    {
        var watch = new Watch();
        while (!worker.IsCompleted)
        {
            var now = DateTimeOffset.UtcNow;
            if (await NewestKeyAsync(database) is { Id: > 1 } key)
            {
                if (now < key.ActivatesAt)
                {
                    watch.UnderNewKeyEarly += await ScalarAsync<long>(database, $"SELECT COUNT(*) FROM \"People\" WHERE {Under(key.Id)}");
                }
                else
                {
                    watch.Activation = key.ActivatesAt;
                    if (await BehindAsync(database, key.Id) > 0)
                    {
                        watch.LastBehind = DateTimeOffset.UtcNow;
                    }
                }
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return watch;
    }

    private static async Task<(int Id, DateTimeOffset ActivatesAt)?> NewestKeyAsync(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand("SELECT \"Id\", \"ActivatesAt\" FROM \"GdprDataKeys\" WHERE \"Purpose\" = 1 ORDER BY \"Id\" DESC LIMIT 1", database);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await reader.ReadAsync(TestContext.Current.CancellationToken) ? (reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    /// <summary>Counts the people with a value under a key other than <paramref name="keyId"/>, read from the envelopes' headers.</summary>
    private static Task<long> BehindAsync(NpgsqlConnection database, int keyId)
        => ScalarAsync<long>(database, $"SELECT COUNT(*) FROM \"People\" WHERE NOT ({Under(keyId)})");

    /// <summary>Both encrypted values name <paramref name="keyId"/>: bytes 2 to 5 of an envelope, big-endian (docs/envelope.md).</summary>
    private static string Under(int keyId)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"'\\x{keyId:x8}'::bytea");
        return $"substring(\"Email\" from 3 for 4) = {header} AND substring(\"Name\" from 3 for 4) = {header}";
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!await done())
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private sealed class Watch
    {
        public DateTimeOffset? Activation { get; set; }

        public long UnderNewKeyEarly { get; set; }

        public DateTimeOffset? LastBehind { get; set; }
    }
}
