using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Inventory;
using MySocium.Gdpr.Tests.Erasure;

namespace MySocium.Gdpr.Tests.Inventory;

public class InventoryTests
{
    [Fact]
    public void Identity_InventoryIsCompleteAndExact()
    {
        using var services = IdentityServices();

        var inventory = services.GetRequiredService<IPersonalDataInventory>().Describe();

        inventory.SchemaVersion.Should().Be(1);
        inventory.Subject.Should().Be("IdentityUser");
        inventory.Entities.Select(e => e.Name).Should().Equal("IdentityUser", "IdentityUserClaim<string>", "IdentityUserLogin<string>", "IdentityUserToken<string>");
        var user = inventory.Entities[0];
        user.Tables.Should().Equal("AspNetUsers");
        user.Erasure.Should().Be("deleted");
        user.Retention.Should().BeNull();
        user.Properties.Should().BeEquivalentTo(new InventoryProperty[]
        {
            Property("Email", "String", encrypted: true, searchable: false, "Signing in, and messages about your account", PersonalDataCategory.Contact),
            Property("EmailConfirmed", "Boolean", encrypted: false, searchable: false, "Knowing that the email address is yours", PersonalDataCategory.Contact),
            Property("Id", "String", encrypted: false, searchable: false, "Identifying your account", PersonalDataCategory.Identity),
            Property("NormalizedEmail", "String", encrypted: true, searchable: true, "Finding your account by email address", PersonalDataCategory.Contact),
            Property("NormalizedUserName", "String", encrypted: true, searchable: true, "Finding your account when you sign in", PersonalDataCategory.Identity),
            Property("PhoneNumber", "String", encrypted: true, searchable: false, "Two-factor sign-in and account recovery", PersonalDataCategory.Contact),
            Property("PhoneNumberConfirmed", "Boolean", encrypted: false, searchable: false, "Knowing that the phone number is yours", PersonalDataCategory.Contact),
            Property("TwoFactorEnabled", "Boolean", encrypted: false, searchable: false, "Protecting your account with a second factor", PersonalDataCategory.Authentication),
            Property("UserName", "String", encrypted: true, searchable: false, "Signing in to your account", PersonalDataCategory.Identity),
        });
        inventory.Entities[1].Properties.Select(p => p.Name).Should().BeEquivalentTo("ClaimType", "ClaimValue");
        inventory.Entities[2].Properties.Select(p => p.Name).Should().BeEquivalentTo("ProviderDisplayName", "ProviderKey");
        inventory.Entities[3].Properties.Should().ContainSingle().Which.Should().Be(
            Property("Value", "String", encrypted: false, searchable: false, "Your authenticator key, recovery codes and sign-in tokens", PersonalDataCategory.Authentication));
        inventory.Entities.Skip(1).Should().OnlyContain(e => e.Erasure == "deleted");
        inventory.LibraryStores.Select(s => s.Table).Should().Equal(
            "GdprConsentRecords", "GdprAuthenticationTickets", "GdprErasureReceipts", "GdprErasureJournal", "GdprOutbox", "GdprMailOptIns", "GdprMailSuppressions", "GdprPolicyNotices");
        inventory.LibraryStores.Single(s => s.Table == "GdprOutbox").Purpose.Should().Contain("deleted 30 days after sending");
        inventory.Cookies.Should().ContainSingle().Which.Should().Be(new InventoryCookie(".MySocium.Consent", "necessary", "Remembers your cookie choices"));
    }

    [Fact]
    public void ErasureModel_ReportsRetainedDetachedAndOwnedData()
    {
        using var services = ErasureServices();

        var inventory = services.GetRequiredService<IPersonalDataInventory>().Describe();

        var entities = inventory.Entities.ToDictionary(e => e.Name);
        entities["Invoice"].Erasure.Should().Be("retained: Invoices are kept ten years (tax law)");
        entities["Account"].Properties.Select(p => p.Name).Should().Contain(["Name", "Home.Street"], "an owned type's personal data is its owner's");
        entities["Order"].Properties.Should().ContainSingle(p => p.Name == "ShippingName").Which.Purpose.Should().Be("Delivering the order");
        entities["Pet"].Tables.Should().Equal("Pets");
    }

    [Fact]
    public void Formats_CarryEveryItem_AndEncodeWhatTheyShow()
    {
        var inventory = new PersonalDataInventory(
            1,
            "User",
            [new InventoryEntity("User", ["Users"], "deleted", "rows deleted 30 days after At", [
                new InventoryProperty("Email", "String", true, true, "Sign-in, \"alerts\" | <b>news</b>", LegalBasis.LegitimateInterests, PersonalDataCategory.Contact, ["Mailer, Inc."]),
            ])],
            [],
            [new InventoryCookie("_ga*", "analytics", "Counts visits")]);

        inventory.ToMarkdown().Should().Contain("| Email | Sign-in, \"alerts\" \\| <b>news</b> | legitimate interests | Mailer, Inc. | encrypted, found by a keyed hash |")
            .And.Contain("Kept: rows deleted 30 days after At. When you delete your account: deleted.")
            .And.Contain("| _ga* | analytics | Counts visits |");
        inventory.ToHtml().Should().Contain("<td>Sign-in, &quot;alerts&quot; | &lt;b&gt;news&lt;/b&gt;</td>").And.NotContain("<b>news");
        var csv = inventory.ToRecordOfProcessingCsv().Split("\r\n");
        csv[0].Should().Be("entity,data,category,purpose,legal basis,recipients,encrypted,searchable,retention,erasure");
        csv[1].Should().Be("User,Email,Contact,\"Sign-in, \"\"alerts\"\" | <b>news</b>\",LegitimateInterests,\"Mailer, Inc.\",yes,yes,rows deleted 30 days after At,deleted");
        inventory.ToJson().Should().Contain("\"legalBasis\": \"LegitimateInterests\"").And.Contain("\"schemaVersion\": 1");
    }

    [Fact]
    public void MinimizationCheck_FlagsAnUnannotatedEmail_AndPersonalDataWithoutPurpose()
    {
        using var services = Services<LeakyContext>();
        using var scope = services.CreateScope();

        var findings = MinimizationCheck.Findings(scope.ServiceProvider.GetRequiredService<LeakyContext>().Model);

        findings.Should().BeEquivalentTo(
            "Customer.Email looks like personal data but is not annotated.",
            "Customer.LastLoginIp looks like personal data but is not annotated.",
            "Customer.Nickname is personal data without a purpose.");
    }

    [Fact]
    public void MinimizationCheck_IsQuietOnAnAnnotatedModel()
    {
        using var services = Services<TidyContext>();
        using var scope = services.CreateScope();

        MinimizationCheck.Findings(scope.ServiceProvider.GetRequiredService<TidyContext>().Model).Should().BeEmpty();
    }

    [Fact]
    public async Task StrictMinimization_StopsTheStart_NamingTheProperty()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var path = Path.Combine(Path.GetTempPath(), $"mysocium-inventory-{Guid.NewGuid():N}.db");
        builder.Services.AddDbContext<LeakyContext>((sp, o) => o.UseSqlite($"Data Source={path};Pooling=False").UseMySociumGdpr(sp));
        builder.Services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.Inventory.StrictMinimization = true;
        }).AddEntityFrameworkStores<LeakyContext>();
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LeakyContext>().Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var start = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*StrictMinimization*Customer.Email looks like personal data*");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    private static InventoryProperty Property(string name, string type, bool encrypted, bool searchable, string purpose, PersonalDataCategory category)
        => new(name, type, encrypted, searchable, purpose, LegalBasis.Contract, category, []);

    private static ServiceProvider IdentityServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).AddEntityFrameworkStores<IdentityContext>();
        services.AddDbContext<IdentityContext>((sp, o) => o.UseSqlite("Data Source=:memory:").UseMySociumGdpr(sp));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityContext>();
        return services.BuildServiceProvider();
    }

    private static ServiceProvider ErasureServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ErasureContext>()
            .AddSubject<Account>();
        services.AddDbContext<ErasureContext>((sp, o) => o.UseSqlite("Data Source=:memory:").UseMySociumGdpr(sp));
        return services.BuildServiceProvider();
    }

    private static ServiceProvider Services<TContext>()
        where TContext : DbContext
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).AddEntityFrameworkStores<TContext>();
        services.AddDbContext<TContext>((sp, o) => o.UseSqlite("Data Source=:memory:").UseMySociumGdpr(sp));
        return services.BuildServiceProvider();
    }
}

/// <summary>A customer with personal data the model forgot to annotate.</summary>
public sealed class Customer
{
    public int Id { get; set; }

    public string Email { get; set; } = "";

    public System.Net.IPAddress? LastLoginIp { get; set; }

    [PersonalData(Encrypt = false)]
    public string Nickname { get; set; } = "";

    public string ShippingMethod { get; set; } = "";
}

public sealed class LeakyContext(DbContextOptions<LeakyContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
}

/// <summary>The same data, annotated.</summary>
public sealed class Member
{
    public int Id { get; set; }

    [PersonalData(Purpose = "Sign-in", LegalBasis = LegalBasis.Contract, Category = PersonalDataCategory.Contact)]
    public string Email { get; set; } = "";

    public string ShippingMethod { get; set; } = "";
}

public sealed class TidyContext(DbContextOptions<TidyContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();
}
