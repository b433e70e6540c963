using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr.Tests.Consent;

public sealed class ConsentLedgerTests : IAsyncLifetime
{
    private ConsentHost _host = null!;

    private IConsentLedger Ledger => _host.Services.GetRequiredService<IConsentLedger>();

    public async ValueTask InitializeAsync() => _host = await ConsentHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _host.DeleteDatabase();
    }

    [Fact]
    public async Task EveryDecision_IsARecord_WithWithdrawalsAndNoIpAddressByDefault()
    {
        var first = await _host.ConsentCookieAsync(ConsentCategories.Analytics, ConsentCategories.Marketing);
        using var second = await _host.DecideAsync([ConsentCategories.Analytics], first, method: "settingsPage");

        var records = await _host.LedgerAsync();

        records.Should().HaveCount(2);
        records.Select(r => r.Sequence).Should().Equal(1, 2);
        records.Select(r => r.ConsentId).Distinct().Should().ContainSingle("a changed decision keeps its pseudonymous id");
        records[0].Should().BeEquivalentTo(new { Granted = "analytics marketing", Refused = "preferences", Withdrawn = "", Method = "Banner", PolicyVersion = "1", IpAddress = (string?)null, SubjectHash = (string?)null });
        records[1].Should().BeEquivalentTo(new { Granted = "analytics", Refused = "preferences marketing", Withdrawn = "marketing", Method = "SettingsPage" });
    }

    [Fact]
    public async Task SignedInSubject_IsRecordedAsAKeyedHash_NeverTheirId()
    {
        using var signIn = await _host.GetAsync("/signin");
        var auth = ConsentHost.SetCookies(signIn).Single(c => c.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal)).Split(';')[0];

        using var response = await _host.DecideAsync([ConsentCategories.Analytics], otherCookies: auth);

        var record = (await _host.LedgerAsync()).Should().ContainSingle().Subject;
        record.SubjectHash.Should().MatchRegex("^[0-9a-f]{64}$").And.NotContain("user-42");
        record.SubjectHash.Should().Be(_host.Services.GetRequiredService<ConsentService>().SubjectHash("user-42"));
    }

    [Fact]
    public async Task Erasure_KeepsTheSubjectsRecords_AndSaysSoInTheReceipt()
    {
        using var signIn = await _host.GetAsync("/signin");
        var auth = ConsentHost.SetCookies(signIn).Single(c => c.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal)).Split(';')[0];
        (await _host.DecideAsync([ConsentCategories.Analytics], otherCookies: auth)).EnsureSuccessStatusCode();
        (await _host.DecideAsync([ConsentCategories.Marketing])).EnsureSuccessStatusCode();
        var participant = _host.Services.GetServices<MySocium.Gdpr.Erasure.IStoreErasureParticipant>().Single(p => p.Name == "consent ledger");
        await using var scope = _host.Services.CreateAsyncScope();

        var result = await participant.EraseAsync(scope.ServiceProvider.GetRequiredService<ConsentStoreContext>(), "user-42", captured: null, TestContext.Current.CancellationToken);

        result.Should().StartWith("1 consent records kept");
        (await _host.LedgerAsync()).Should().HaveCount(2);
        (await Ledger.VerifyLedgerAsync(TestContext.Current.CancellationToken)).IsIntact.Should().BeTrue();
    }

    [Fact]
    public async Task TruncateSetting_KeepsOnlyTheNetworkOfTheAddress()
    {
        await using var host = await ConsentHost.StartAsync(o => o.Consent.IpAddress = ConsentIpAddressHandling.Truncate);

        await host.ConsentCookieAsync(ConsentCategories.Analytics);

        (await host.LedgerAsync()).Should().ContainSingle().Which.IpAddress.Should().Be("127.0.0.0");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task Verify_OnAnUntouchedLedger_IsIntact()
    {
        await DecideThreeTimesAsync();

        var result = await Ledger.VerifyLedgerAsync(TestContext.Current.CancellationToken);

        result.Should().Be(new ConsentLedgerVerification(true, 3, null, null));
    }

    [Theory]
    [InlineData("UPDATE \"GdprConsentRecords\" SET \"Granted\" = 'analytics marketing' WHERE \"Sequence\" = 2", 2)]
    [InlineData("UPDATE \"GdprConsentRecords\" SET \"Method\" = 'Banner', \"Refused\" = '' WHERE \"Sequence\" = 1", 1)]
    [InlineData("UPDATE \"GdprConsentRecords\" SET \"At\" = '2020-01-01 00:00:00+00:00' WHERE \"Sequence\" = 3", 3)]
    [InlineData("DELETE FROM \"GdprConsentRecords\" WHERE \"Sequence\" = 2", 2)]
    [InlineData("UPDATE \"GdprConsentRecords\" SET \"Hash\" = (SELECT \"Hash\" FROM \"GdprConsentRecords\" WHERE \"Sequence\" = 1) WHERE \"Sequence\" = 2", 2)]
    public async Task Verify_FindsTheFirstEditedOrMissingRecord(string tampering, long broken)
    {
        await DecideThreeTimesAsync();
        await _host.ExecuteSqlAsync(tampering);

        var result = await Ledger.VerifyLedgerAsync(TestContext.Current.CancellationToken);

        result.IsIntact.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(broken);
        result.Problem.Should().Contain(broken.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ConcurrentDecisions_OnTwoInstances_ChainWithoutGapsOrForks()
    {
        await using var other = await ConsentHost.StartAsync(databaseFile: _host.DatabaseFile, rootKey: _host.RootKey);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? _host : other).ConsentCookieAsync(ConsentCategories.Analytics)));

        var result = await Ledger.VerifyLedgerAsync(TestContext.Current.CancellationToken);
        result.Should().Be(new ConsentLedgerVerification(true, 20, null, null));
    }

    private async Task DecideThreeTimesAsync()
    {
        var cookie = await _host.ConsentCookieAsync(ConsentCategories.Analytics);
        (await _host.DecideAsync([ConsentCategories.Marketing], cookie)).EnsureSuccessStatusCode();
        (await _host.DecideAsync([])).EnsureSuccessStatusCode();
    }
}
