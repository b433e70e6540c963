using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>Retention that cannot be carried out as declared stops the host's start, naming the entity and the setting.</summary>
public sealed class RetentionValidationTests
{
    public static TheoryData<string, string[]> Misconfigurations => new()
    {
        { "delete-before-anonymize", ["Gdpr:Retention:Entities:LoginRecord:DeleteAfter", "before or when"] },
        { "negative-span", ["Gdpr:Retention:Entities:LoginRecord:AnonymizeAfter", "-1.00:00:00", "not a positive"] },
        { "unknown-column", ["Gdpr:Retention:Entities:LoginRecord:IpAddresses", "'Nope' is not a property"] },
        { "unknown-timestamp", ["Gdpr:Retention:Entities:LoginRecord:Timestamp", "'When' is not a property"] },
        { "timestamp-not-a-date", ["Gdpr:Retention:Entities:LoginRecord:Timestamp", "'Note' is a String"] },
        { "ip-not-nullable", ["Gdpr:Retention:Entities:LoginRecord:IpAddresses", "'Note' must be a nullable column"] },
        { "unknown-entity", ["Gdpr:Retention:Entities:Nobody", "names no entity"] },
        { "attribute-delete-before-anonymize", ["[Retention] on BadRecord, DeleteAfter", "before or when"] },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task Start_WithMisconfiguredRetention_FailsNamingEntityAndSetting(string case_, string[] expected)
    {
        using var host = Host(case_);

        var start = () => host.StartAsync(TestContext.Current.CancellationToken);

        var failure = await start.Should().ThrowAsync<OptionsValidationException>();
        failure.Which.Message.Should().ContainAll(expected);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o =>
        {
            o.Retention.IPv4PrefixLength = 33;
            o.Retention.BatchSize = 0;
            o.Retention.BatchesPerTransaction = 0;
        });
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<GdprOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().ContainAll(
            "Gdpr:Retention:IPv4PrefixLength must be between 0 and 32", "Gdpr:Retention:BatchSize must be", "Gdpr:Retention:BatchesPerTransaction must be");
    }

    private static IHost Host(string case_)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var connection = new SqliteConnection("Data Source=:memory:");
        builder.Services.AddSingleton(connection);
        var gdpr = builder.Services.AddMySociumGdpr(o => Configure(case_, o.Retention));
        if (case_.StartsWith("attribute", StringComparison.Ordinal))
        {
            gdpr.AddEntityFrameworkStores<BadContext>();
            builder.Services.AddDbContext<BadContext>((sp, o) => o.UseSqlite(connection).UseMySociumGdpr(sp));
        }
        else
        {
            gdpr.AddEntityFrameworkStores<RetentionContext>();
            builder.Services.AddDbContext<RetentionContext>((sp, o) => o.UseSqlite(connection).UseMySociumGdpr(sp));
        }

        return builder.Build();
    }

    private static void Configure(string case_, GdprRetentionOptions options)
    {
        var entry = new GdprRetentionEntityOptions();
        switch (case_)
        {
            case "delete-before-anonymize":
                entry.DeleteAfter = TimeSpan.FromDays(5);
                break;
            case "negative-span":
                entry.AnonymizeAfter = TimeSpan.FromDays(-1);
                break;
            case "unknown-column":
                entry.IpAddresses.Add("Nope");
                break;
            case "unknown-timestamp":
                entry.Timestamp = "When";
                break;
            case "timestamp-not-a-date":
                entry.Timestamp = nameof(LoginRecord.Note);
                break;
            case "ip-not-nullable":
                entry.IpAddresses.Add(nameof(LoginRecord.Note));
                break;
            case "unknown-entity":
                options.Entities["Nobody"] = entry;
                return;
            default:
                return;
        }

        options.Entities[nameof(LoginRecord)] = entry;
    }

    [Retention(nameof(At), AnonymizeAfter = "30.00:00:00", DeleteAfter = "7.00:00:00", IpAddresses = [nameof(Ip)])]
    public sealed class BadRecord
    {
        public long Id { get; set; }

        public DateTime At { get; set; }

        public string? Ip { get; set; }
    }

    public sealed class BadContext(DbContextOptions<BadContext> options) : DbContext(options)
    {
        public DbSet<BadRecord> Records => Set<BadRecord>();
    }
}
