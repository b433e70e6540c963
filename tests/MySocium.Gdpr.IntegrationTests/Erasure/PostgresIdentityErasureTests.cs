using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Tests.Erasure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Erasure;

/// <summary>
/// The Identity scenario on PostgreSQL. Its storage is every text and binary column of every table, found
/// through information_schema, so a value left in any column the library does not know about is found too.
/// </summary>
public sealed class PostgresIdentityErasureTests(PostgresServer postgres) : IdentityScenarioTests
{
    private string _connectionString = "";

    public override async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Beyond the plaintext values: every stored value of Ada's rows (ciphertexts, blind indexes, password
    /// hash, stamps) that no other row shares is gone from every column, and Grace's rows are as they were.
    /// </summary>
    [Fact]
    public async Task Erase_LeavesNoStoredValueOfTheSubjectsRowsInAnyColumn_AndOtherUsersRowsAsTheyWere()
    {
        var before = await ReadRowsAsync();
        var adasRows = before.Where(r => r.HasValue(AdaId)).ToList();
        var othersValues = before.Except(adasRows).SelectMany(r => r.Values).Select(Convert.ToHexString).ToHashSet();
        var adasValues = adasRows.SelectMany(r => r.Values).Where(v => v.Length > 0 && !othersValues.Contains(Convert.ToHexString(v))).ToList();
        var gracesRows = before.Where(r => r.HasValue(GraceId)).Select(r => r.Text).ToList();
        adasRows.Select(r => r.Table).Should().BeEquivalentTo(["AspNetUsers", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserTokens", "AspNetUserRoles"]);
        adasValues.Should().HaveCountGreaterThan(10, "the user's encrypted columns, blind indexes, hash and stamps are among them");

        await Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(AdaId);

        var after = await ReadRowsAsync();
        var storage = after.SelectMany(r => r.Values).ToList();
        foreach (var value in adasValues)
        {
            Holds(storage, value).Should().BeFalse($"the stored value {Convert.ToHexString(value)} was in a row of the erased user's");
        }

        after.Where(r => r.HasValue(GraceId)).Select(r => r.Text).Should().BeEquivalentTo(gracesRows, "erasing Ada leaves Grace's rows as they were");
    }

    protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_connectionString);

    protected override async Task<IReadOnlyList<byte[]>> ReadStorageAsync() => [.. (await ReadRowsAsync()).SelectMany(r => r.Values)];

    /// <summary>Every row of every table: as PostgreSQL writes it as text, and the values of its text and binary columns (text as UTF-8).</summary>
    private async Task<List<StoredRow>> ReadRowsAsync()
    {
        const string ColumnsSql = """
            SELECT c.table_name, c.column_name, c.data_type = 'bytea'
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'bytea')
            ORDER BY c.table_name, c.ordinal_position
            """;
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, bool Binary)>();
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        var rows = new List<StoredRow>();
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            var sql = $"SELECT t::text, {string.Join(", ", table.Select(c => $"t.\"{c.Column}\""))} FROM \"{table.Key}\" t";
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = table
                    .Select((column, i) => reader.IsDBNull(i + 1) ? null : column.Binary ? reader.GetFieldValue<byte[]>(i + 1) : Encoding.UTF8.GetBytes(reader.GetString(i + 1)))
                    .OfType<byte[]>()
                    .ToList();
                rows.Add(new StoredRow(table.Key, reader.GetString(0), values));
            }
        }

        return rows;
    }

    /// <summary>A row of a table: as text, and the values of its text and binary columns.</summary>
    private sealed record StoredRow(string Table, string Text, IReadOnlyList<byte[]> Values)
    {
        public bool HasValue(string value) => Values.Any(v => v.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(value)));
    }
}
