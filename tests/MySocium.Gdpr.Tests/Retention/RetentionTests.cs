using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>The retention scenario on a SQLite file, where instances coordinate through the lease row.</summary>
public sealed class RetentionTests : RetentionScenarioTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-retention-{Guid.NewGuid():N}.db");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={_path}");
}
