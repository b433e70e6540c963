using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Tests.Logging;

/// <summary>A host's log parameters marked <c>[PersonalData]</c> reach the logs redacted once the host opts in.</summary>
public sealed partial class PersonalDataRedactionTests
{
    [Fact]
    public void LoggerMessage_PersonalDataParameters_AreRedacted()
    {
        using var services = new ServiceCollection()
            .AddMySociumGdpr(_ => { }).Services
            .AddLogging(logging => logging.AddFakeLogging().EnablePersonalDataRedaction())
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILogger<PersonalDataRedactionTests>>();

        SignedIn(logger, "ada@example.test", "203.0.113.7", "2001:db8:1234:5678::1", 3);

        var record = services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle().Subject;
        record.Message.Should().NotContain("ada@example.test").And.NotContain("203.0.113.7").And.NotContain("5678");
        record.StructuredState.Should().Contain(
            new KeyValuePair<string, string?>("email", ""),
            new KeyValuePair<string, string?>("ip", "203.0.113.0"),
            new KeyValuePair<string, string?>("ipv6", "2001:db8:1234::"),
            new KeyValuePair<string, string?>("attempt", "3"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.0")]
    [InlineData("::ffff:203.0.113.7", "::ffff:203.0.113.0")]
    [InlineData("2001:db8:1234:5678::1", "2001:db8:1234::")]
    [InlineData("ada@example.test", "")]
    [InlineData("Ada Lovelace", "")]
    public void Redact_KeepsAnAddressNetwork_AndErasesAnythingElse(string value, string expected)
        => new PersonalDataRedactor(Options.Create(new GdprOptions())).Redact(value).Should().Be(expected);

    [Fact]
    public void EnablePersonalDataRedaction_Twice_RegistersOneRedactor()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.EnablePersonalDataRedaction().EnablePersonalDataRedaction());

        services.Count(d => d.ServiceType == typeof(PersonalDataRedactor)).Should().BeLessThanOrEqualTo(1);
    }

    [LoggerMessage(1, LogLevel.Information, "Signed in {email} from {ip} / {ipv6}, attempt {attempt}")]
    private static partial void SignedIn(ILogger logger, [PersonalData] string email, [PersonalData] string ip, [PersonalData] string ipv6, int attempt);
}
