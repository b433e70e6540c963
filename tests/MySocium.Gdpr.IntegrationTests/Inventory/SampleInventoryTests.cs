using System.Net;
using System.Text.Json;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Inventory;

/// <summary>The sample's generated inventory and privacy notice.</summary>
public sealed class SampleInventoryTests
{
    [Fact]
    public async Task Inventory_InDevelopment_IsTheSampleModelFieldByField()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();

        using var response = await app.CreateHttpClient().GetAsync("/gdpr/inventory", ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().Should().Be(1);
        root.GetProperty("subject").GetString().Should().Be("AppUser");
        var entities = root.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        entities.Keys.Should().BeEquivalentTo("AppUser", "Post", "LoginEvent");
        Properties(entities["AppUser"]).Should().BeEquivalentTo(
        [
            "UserName|String|False|False|Signing in|Contract|Identity",
            "Email|String|True|True|Signing in and account notices|Contract|Contact",
            "DisplayName|String|False|False|Shown next to your posts|Contract|Identity",
            "Phone|String|True|False|Account recovery|Consent|Contact",
        ]);
        Properties(entities["Post"]).Should().Equal("Text|String|True|False|Your posts|Contract|Content");
        Properties(entities["LoginEvent"]).Should().BeEquivalentTo(
        [
            "IpAddress|String|True|False|Security of your account|LegitimateInterests|Network",
            "UserAgentHash|String|False|False|Recognising your devices when checking sign-ins|LegitimateInterests|Network",
        ]);
        entities.Values.Should().OnlyContain(e => e.GetProperty("erasure").GetString() == "deleted");
        entities["LoginEvent"].GetProperty("retention").GetString().Should().StartWith("IP addresses (IpAddress) anonymized").And.Contain("rows deleted");
        entities["AppUser"].GetProperty("retention").ValueKind.Should().Be(JsonValueKind.Null);
        entities["AppUser"].GetProperty("tables").EnumerateArray().Select(t => t.GetString()).Should().Equal("Users");
        root.GetProperty("cookies").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}|{c.GetProperty("category").GetString()}")
            .Should().Equal(".MySocium.Consent|necessary", "sample_analytics|analytics");
        root.GetProperty("libraryStores").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task PrivacyPage_ShowsTheGeneratedNotice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();

        var page = WebUtility.HtmlDecode(await app.CreateHttpClient().GetStringAsync("/privacy", ct));

        page.Should().Contain("<section class=\"gdpr-inventory\">")
            .And.Contain("Signing in and account notices")
            .And.Contain("legitimate interests")
            .And.Contain("encrypted, found by a keyed hash")
            .And.Contain("sample_analytics")
            .And.Contain("Counts your page views");
    }

    private static IEnumerable<string> Properties(JsonElement entity) => entity.GetProperty("properties").EnumerateArray().Select(p => string.Join('|',
        p.GetProperty("name").GetString(), p.GetProperty("type").GetString(), p.GetProperty("encrypted").GetBoolean(), p.GetProperty("searchable").GetBoolean(),
        p.GetProperty("purpose").GetString(), p.GetProperty("legalBasis").GetString(), p.GetProperty("category").GetString()));
}
