using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.InfrastructureTests;

public class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Postgres_CreateDatabase_AcceptsQueriesInIsolatedDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await postgres.CreateDatabaseAsync();
        var other = await postgres.CreateDatabaseAsync(nameof(Postgres_CreateDatabase_AcceptsQueriesInIsolatedDatabase) + "_other");

        await using (var connection = new NpgsqlConnection(mine))
        {
            await connection.OpenAsync(ct);
            (await Scalar<string>(connection, "SELECT current_database()", ct))
                .Should().Be(PostgresServer.ToDatabaseName(typeof(PostgresServerTests).FullName!));
            await Execute(connection, "CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)", ct);
            await Execute(connection, "INSERT INTO notes VALUES (1, 'only here')", ct);
            (await Scalar<string>(connection, "SELECT text FROM notes WHERE id = 1", ct)).Should().Be("only here");
        }

        await using (var connection = new NpgsqlConnection(other))
        {
            await connection.OpenAsync(ct);
            (await Scalar<bool>(connection, "SELECT to_regclass('notes') IS NULL", ct))
                .Should().BeTrue("each database starts empty and sees no other database's tables");
        }
    }

    [Fact]
    public async Task Postgres_CreateDatabase_CalledConcurrently_ReturnsOneDatabase()
    {
        var name = nameof(Postgres_CreateDatabase_CalledConcurrently_ReturnsOneDatabase);

        var connectionStrings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => postgres.CreateDatabaseAsync(name))));

        connectionStrings.Distinct().Should().ContainSingle();
        await using var connection = new NpgsqlConnection(connectionStrings[0]);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        (await Scalar<string>(connection, "SELECT current_database()", TestContext.Current.CancellationToken))
            .Should().Be(PostgresServer.ToDatabaseName(name));
    }

    [Fact]
    public async Task Postgres_EfCoreRoundTrip_ReadsBackWhatWasSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<NotesContext>()
            .UseNpgsql(await postgres.CreateDatabaseAsync(nameof(Postgres_EfCoreRoundTrip_ReadsBackWhatWasSaved)))
            // EF counts internal service providers per process, and other tests here each build their own.
            .ConfigureWarnings(w => w.Log(CoreEventId.ManyServiceProvidersCreatedWarning))
            .Options;
        await using (var context = new NotesContext(options))
        {
            await context.Database.EnsureCreatedAsync(ct);
            context.Notes.Add(new Note { Text = "Grüße aus PostgreSQL ✓" });
            await context.SaveChangesAsync(ct);
        }

        await using (var context = new NotesContext(options))
        {
            var notes = await context.Notes.AsNoTracking().ToListAsync(ct);

            notes.Should().ContainSingle().Which.Text.Should().Be("Grüße aus PostgreSQL ✓");
        }
    }

    [Theory]
    [InlineData("MySocium.Gdpr.IntegrationTests.Erasure.EraseTests", "mysocium_test_erasure_erasetests")]
    [InlineData("Some.Other.Name-With Spaces", "mysocium_test_some_other_name_with_spaces")]
    public void ToDatabaseName_DerivesAValidIdentifierFromTheTestClass(string name, string expected) =>
        PostgresServer.ToDatabaseName(name).Should().Be(expected);

    [Fact]
    public void ToDatabaseName_ForALongName_TruncatesToALimitAndStaysUnique()
    {
        var first = PostgresServer.ToDatabaseName(new string('a', 100) + ".First");
        var second = PostgresServer.ToDatabaseName(new string('a', 100) + ".Second");

        first.Length.Should().BeLessThanOrEqualTo(63);
        second.Length.Should().BeLessThanOrEqualTo(63);
        first.Should().NotBe(second);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    private sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }
}
