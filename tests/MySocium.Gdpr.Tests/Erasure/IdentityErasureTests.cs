using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>The Identity scenario on a SQLite file, searched whole: with <c>secure_delete</c>, no freed page keeps an erased value either.</summary>
public sealed class IdentityErasureTests : IdentityScenarioTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-identity-erasure-{Guid.NewGuid():N}.db");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={_path};Pooling=False");

    protected override async Task<IReadOnlyList<byte[]>> ReadStorageAsync()
    {
        SqliteConnection.ClearAllPools();
        return [await File.ReadAllBytesAsync(_path)];
    }
}
