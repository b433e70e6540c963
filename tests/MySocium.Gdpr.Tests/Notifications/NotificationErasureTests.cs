using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.Tests.Notifications;

public sealed class NotificationErasureTests : IAsyncLifetime
{
    private readonly RecordingSender _sender = new();
    private NotificationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await NotificationHost.CreateAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Erasure_DropsQueuedMail_SuppressesTheAddress_AndTellsTheAddressItHad()
    {
        var ada = await _host.AddMemberAsync("ada@example.test", "Ada");
        await _host.Notifier.RecordOptInAsync("ada@example.test", "started a Messenger conversation", "conversation 8731", ada);
        await _host.Notifier.NotifyAsync(new GdprAccountActivity { Kind = GdprAccountActivityKind.PasswordChanged, Email = "ada@example.test", SubjectId = ada });

        var receipt = await _host.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(ada);

        receipt.Participants.Should().ContainSingle(p => p.Name == "notifications").Which.Should().Be(new ErasureParticipantResult(
            "notifications", true, "1 queued messages dropped, 1 opt-in evidence references removed; the address is suppressed (by a keyed hash) and an erasure notice is queued to it"));
        await _host.Delivery.DeliverDueAsync(_sender, default);
        var notice = _sender.Sent.Should().ContainSingle("the queued password notice went with the account").Subject;
        notice.To.Should().Be("ada@example.test");
        notice.Subject.Should().Be("Your account at Example was erased");
        (await _host.Notifier.IsSuppressedAsync("ada@example.test")).Should().BeTrue();
        (await _host.Notifier.SendBulkAsync("ada@example.test", null, new GdprMailContent("News", "News", "<p>News</p>"))).Should().BeFalse("no erased person is mailed again");
        var optIn = await _host.WithContextAsync(db => db.Set<GdprMailOptIn>().SingleAsync());
        optIn.Should().BeEquivalentTo(new { Source = "started a Messenger conversation", Reference = (string?)null }, "the proof stays, its evidence reference goes");
        var raw = await _host.WithContextAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT \"AddressHash\" || \"Reason\" AS \"Value\" FROM \"GdprMailSuppressions\"").ToListAsync());
        raw.Should().ContainSingle().Which.Should().NotContain("ada", "the list holds a keyed hash, not the address");
    }

    [Fact]
    public async Task Export_HoldsTheSubjectsOptInsAndPolicyAcknowledgements()
    {
        var ada = await _host.AddMemberAsync("ada@example.test", "Ada");
        var grace = await _host.AddMemberAsync("grace@example.test", "Grace");
        await _host.Notifier.RecordOptInAsync("ada@example.test", "newsletter form", "submission 17", ada);
        await _host.Notifier.RecordOptInAsync("grace@example.test", "newsletter form", "submission 18", grace);
        await _host.Policies.PublishAsync("v1", "text", "summary", DateTimeOffset.UnixEpoch);
        await _host.Policies.QueueNoticesAsync();
        await _host.Policies.AcknowledgeAsync(ada, "v1");

        using var export = new MemoryStream();
        await _host.Services.GetRequiredService<IPersonalDataExporter>().ExportAsync(ada, export);

        using var json = JsonDocument.Parse(export.ToArray());
        var data = json.RootElement.GetProperty("data");
        var optIns = data.GetProperty("MailOptIns").EnumerateArray().ToList();
        optIns.Should().ContainSingle().Which.GetProperty("Reference").GetString().Should().Be("submission 17");
        var notices = data.GetProperty("PolicyNotices").EnumerateArray().ToList();
        notices.Should().ContainSingle();
        notices[0].GetProperty("Version").GetString().Should().Be("v1");
        notices[0].GetProperty("NotifiedAt").ValueKind.Should().Be(JsonValueKind.String);
        notices[0].GetProperty("AcknowledgedAt").ValueKind.Should().Be(JsonValueKind.String);
        json.RootElement.GetRawText().Should().Contain("GdprMailOptIns").And.Contain("GdprPolicyNotices");
    }
}
