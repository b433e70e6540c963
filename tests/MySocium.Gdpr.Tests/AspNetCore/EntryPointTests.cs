using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr.Tests.AspNetCore;

public class EntryPointTests
{
    [Fact]
    public void UseMySociumGdpr_WithoutAddMySociumGdpr_ThrowsNamingTheMissingCall()
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());

        var use = () => app.UseMySociumGdpr();

        use.Should().Throw<InvalidOperationException>().WithMessage("*AddMySociumGdpr()*");
    }

    [Fact]
    public void UseMySociumGdpr_AfterAddMySociumGdpr_ReturnsTheSamePipeline()
    {
        var app = new ApplicationBuilder(new ServiceCollection().AddMySociumGdpr(o => o.Https.Port = 443).Services.BuildServiceProvider());

        app.UseMySociumGdpr().Should().BeSameAs(app);
    }

    [Fact]
    public void MapMySociumGdpr_WithoutAddMySociumGdpr_ThrowsNamingTheMissingCall()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var map = () => app.MapMySociumGdpr();

        map.Should().Throw<InvalidOperationException>().WithMessage("*AddMySociumGdpr()*");
    }

    [Fact]
    public void MapMySociumGdpr_GroupsEndpointsUnderTheConfiguredPrefix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddMySociumGdpr(o => o.RoutePrefix = "/legal/gdpr");
        var app = builder.Build();

        app.MapMySociumGdpr().MapGet("/probe", () => Results.Ok());

        ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText)
            .Should().Contain("/legal/gdpr/probe");
    }
}
