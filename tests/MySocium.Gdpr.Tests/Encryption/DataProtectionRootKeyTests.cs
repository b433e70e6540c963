using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr.Tests.Encryption;

public sealed class DataProtectionRootKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mysocium-dp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DataProtectionRootKey_IsCreatedOnceAndReusedByTheNextStart()
    {
        var path = Path.Combine(_directory, "app.db");
        var keys = Directory.CreateDirectory(Path.Combine(_directory, "dp-keys"));

        await using (var first = await StartAsync(path, keys))
        {
            first.KeepFile = true;
            await first.WithContextAsync(async db =>
            {
                db.Members.Add(new Member { UserName = "ada", Email = "ada@example.org" });
                await db.SaveChangesAsync();
            });
        }

        await using var second = await StartAsync(path, keys);

        (await second.WithContextAsync(db => db.Members.Select(m => m.Email).SingleAsync())).Should().Be("ada@example.org");
        (await second.RawScalarAsync("SELECT count(*) FROM GdprDataKeys WHERE Purpose = 3")).Should().Be(1L);
        var stored = (byte[])(await second.RawScalarAsync("SELECT WrappedKey FROM GdprDataKeys WHERE Purpose = 3"))!;
        stored.Length.Should().BeGreaterThan(32, "the root key is stored protected, not raw");
    }

    [Fact]
    public async Task DataProtectionRootKey_WithoutTheDataProtectionKeys_FailsClearly()
    {
        var path = Path.Combine(_directory, "app.db");
        var first = await StartAsync(path, Directory.CreateDirectory(Path.Combine(_directory, "dp-a")));
        first.KeepFile = true;
        await first.DisposeAsync();

        var start = () => StartAsync(path, Directory.CreateDirectory(Path.Combine(_directory, "dp-b")));

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Data Protection cannot unprotect the root key");
    }

    private static async Task<EncryptedDatabase> StartAsync(string path, DirectoryInfo dataProtectionKeys)
    {
        var database = EncryptedDatabase.Build(
            rootKey: null,
            path,
            configureServices: (services, gdpr) =>
            {
                gdpr.UseDataProtectionRootKey();
                services.AddDataProtection().SetApplicationName("mysocium-tests").PersistKeysToFileSystem(dataProtectionKeys);
            });
        await database.WithContextAsync(db => db.Database.EnsureCreatedAsync());
        await database.Keys.LoadAsync();
        return database;
    }
}
