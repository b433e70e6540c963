using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Tests.DependencyInjection;

public class AddMySociumGdprTests
{
    [Fact]
    public void AddMySociumGdpr_ReturnsBuilderOverTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddMySociumGdpr();

        builder.Services.Should().BeSameAs(services);
    }

    [Fact]
    public void AddMySociumGdpr_CalledTwice_RegistersNothingMore()
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr();
        var once = services.Select(d => (d.ServiceType, d.ImplementationType, d.Lifetime)).ToList();

        services.AddMySociumGdpr();

        services.Select(d => (d.ServiceType, d.ImplementationType, d.Lifetime)).Should().Equal(once);
    }

    [Fact]
    public void AddMySociumGdpr_KeepsTheHostsTimeProvider()
    {
        var hostClock = new FixedTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(hostClock);

        services.AddMySociumGdpr();

        services.BuildServiceProvider().GetRequiredService<TimeProvider>().Should().BeSameAs(hostClock);
    }

    [Fact]
    public void AddMySociumGdpr_WithAction_ConfiguresOptions()
    {
        var services = new ServiceCollection();

        services.AddMySociumGdpr(o => o.RoutePrefix = "/privacy");

        Options(services).RoutePrefix.Should().Be("/privacy");
    }

    [Fact]
    public void AddMySociumGdpr_CalledAgainWithAction_AppliesItAfterTheFirst()
    {
        var services = new ServiceCollection();

        services.AddMySociumGdpr(o => o.RoutePrefix = "/first");
        services.AddMySociumGdpr(o => o.RoutePrefix = "/second");

        Options(services).RoutePrefix.Should().Be("/second");
    }

    [Fact]
    public void AddMySociumGdpr_WithConfigurationSection_BindsOptions()
    {
        var configuration = Configuration(("Gdpr:RoutePrefix", "/legal/gdpr"));
        var services = new ServiceCollection();

        services.AddMySociumGdpr(configuration.GetSection("Gdpr"));

        Options(services).RoutePrefix.Should().Be("/legal/gdpr");
    }

    [Fact]
    public void AddMySociumGdpr_WithoutSettings_UsesDocumentedDefaults()
    {
        var services = new ServiceCollection();

        services.AddMySociumGdpr();

        Options(services).RoutePrefix.Should().Be("/gdpr");
    }

    [Theory]
    [InlineData("gdpr")]
    [InlineData("/gdpr/")]
    [InlineData("/gd pr")]
    [InlineData("")]
    public async Task Host_WithInvalidRoutePrefix_FailsAtStartNamingTheSetting(string routePrefix)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Gdpr:RoutePrefix", routePrefix)]);
        builder.Services.AddMySociumGdpr(builder.Configuration.GetSection("Gdpr"));
        using var host = builder.Build();

        var start = () => host.StartAsync(TestContext.Current.CancellationToken);

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Gdpr:RoutePrefix");
    }

    [Fact]
    public async Task Host_WithValidOptions_Starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMySociumGdpr(o => o.RoutePrefix = "/gdpr");
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static GdprOptions Options(IServiceCollection services)
        => services.BuildServiceProvider().GetRequiredService<IOptions<GdprOptions>>().Value;

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private sealed class FixedTimeProvider : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
