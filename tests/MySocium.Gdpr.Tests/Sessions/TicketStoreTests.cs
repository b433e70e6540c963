using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Sessions;

public sealed class TicketStoreTests
{
    private static readonly Guid Ada = Guid.NewGuid();
    private static readonly Guid Grace = Guid.NewGuid();

    [Fact]
    public async Task SignIn_StoresTheTicketEncrypted_UnderAHashOfItsKeyAndOfItsSubject()
    {
        await using var host = await SessionHost.StartAsync();

        var cookie = await host.LogInAsync(Ada, "ada-the-countess");

        (await host.WhoAsync(cookie)).Should().Be("ada-the-countess");
        var row = (await ReadTicketsAsync(host)).Should().ContainSingle().Subject;
        row.Id.Should().MatchRegex("^[0-9a-f]{64}$");
        row.SubjectHash.Should().MatchRegex("^[0-9a-f]{64}$").And.NotContain(Ada.ToString("N"));
        row.Ticket.AsSpan().IndexOf(Encoding.UTF8.GetBytes("ada-the-countess")).Should().Be(-1, "the claims are encrypted at rest");
        row.Ticket.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Ada.ToString())).Should().Be(-1);
    }

    [Fact]
    public async Task SignInAgain_WithAValidCookie_RenewsTheStoredTicketUnderTheSameKey()
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada");

        var again = await host.SendAsync(HttpMethod.Post, $"/login?scheme={SessionHost.Scheme}", cookie, member: (Ada, "countess ada"));

        again.EnsureSuccessStatusCode();
        (await host.WhoAsync(cookie)).Should().Be("countess ada", "the cookie's key now refers to the renewed ticket");
        (await host.CountTicketsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task SignIn_OfAnotherSubject_OverALiveSession_GetsANewKey_SoACopyOfTheOldCookieReachesNothing()
    {
        await using var host = await SessionHost.StartAsync();
        var mallory = Guid.NewGuid();
        var planted = await host.LogInAsync(mallory, "mallory");

        var victim = await host.SendAsync(HttpMethod.Post, $"/login?scheme={SessionHost.Scheme}", planted, member: (Ada, "ada"));

        victim.EnsureSuccessStatusCode();
        var issued = SessionHost.SetCookies(victim).Single(c => c.Name == SessionHost.AuthCookie && c.Value.Length > 0);
        (await host.WhoAsync($"{issued.Name}={issued.Value}")).Should().Be("ada");
        (await host.WhoAsync(planted)).Should().BeNull("a copy of the planted cookie must not become Ada's session, nor stay Mallory's");
        (await host.CountTicketsAsync()).Should().Be(1);
        host.Logs.Should().Contain(l => l.Contains("Someone else signed in over a live session", StringComparison.Ordinal))
            .And.NotContain(l => l.Contains("ada", StringComparison.Ordinal) || l.Contains("mallory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_OfAnotherName_OverALiveSessionWithoutSubjectClaim_GetsANewKeyToo()
    {
        await using var host = await SessionHost.StartAsync();
        var first = await host.SendAsync(HttpMethod.Post, "/remember", member: (Guid.Empty, "mallory-id"));
        var planted = SessionHost.SetCookies(first).Single(c => c.Name == SessionHost.AuthCookie && c.Value.Length > 0);

        var victim = await host.SendAsync(HttpMethod.Post, "/remember", $"{planted.Name}={planted.Value}", member: (Guid.Empty, "ada-id"));

        var issued = SessionHost.SetCookies(victim).Single(c => c.Name == SessionHost.AuthCookie && c.Value.Length > 0);
        (await host.WhoAsync($"{issued.Name}={issued.Value}")).Should().Be("ada-id");
        (await host.WhoAsync($"{planted.Name}={planted.Value}")).Should().BeNull("a ticket with a name but no subject claim is held by that name");
        (await host.CountTicketsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Erasure_EndsTheSubjectsTicketsThatCarryTheIdOnlyAsTheirName()
    {
        await using var host = await SessionHost.StartAsync();
        await host.WithContextAsync(db =>
        {
            db.Members.Add(new Member { Id = Ada, Name = "ada" });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var remembered = await host.SendAsync(HttpMethod.Post, "/remember", member: (Guid.Empty, Ada.ToString()));
        var cookie = SessionHost.SetCookies(remembered).Single(c => c.Name == SessionHost.AuthCookie && c.Value.Length > 0);

        await host.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(Ada, TestContext.Current.CancellationToken);

        (await host.WhoAsync($"{cookie.Name}={cookie.Value}")).Should().BeNull("like Identity's two-factor tickets, it names the subject only by its name claim");
    }

    [Fact]
    public async Task Instances_SharingADatabase_SeeOneAnothersSignInsAndSignOuts()
    {
        using var storage = new SessionStorage();
        await using var first = await SessionHost.StartAsync(storage: storage);
        await using var second = await SessionHost.StartAsync(storage: storage);
        var cookie = await first.LogInAsync(Ada, "ada");
        (await second.WhoAsync(cookie)).Should().Be("ada");

        await second.SendAsync(HttpMethod.Post, "/wipe", cookie);

        (await first.WhoAsync(cookie)).Should().BeNull("the wipe on one instance deleted the ticket every instance reads");
    }

    [Fact]
    public async Task ExpiredTicket_NoLongerAuthenticates_AndItsRowGoes()
    {
        var time = new MutableTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await SessionHost.StartAsync(time: time);
        var cookie = await host.LogInAsync(Ada, "ada");

        time.Now += TimeSpan.FromHours(2);

        (await host.WhoAsync(cookie)).Should().BeNull();
        (await host.CountTicketsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ExpiredTickets_AreDeletedWhenTheHostStarts_AndValidOnesStay()
    {
        using var storage = new SessionStorage();
        var time = new MutableTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        string valid;
        await using (var earlier = await SessionHost.StartAsync(storage: storage, time: time))
        {
            await earlier.LogInAsync(Ada, "ada");
            await earlier.LogInAsync(Grace, "grace");
            time.Now += TimeSpan.FromMinutes(50);
            valid = await earlier.LogInAsync(Grace, "grace");
        }

        time.Now += TimeSpan.FromMinutes(20);
        await using var later = await SessionHost.StartAsync(storage: storage, time: time);

        await WaitUntilAsync(async () => await later.CountTicketsAsync() == 1);
        (await later.WhoAsync(valid)).Should().Be("grace");
        later.Logs.Should().Contain(l => l.Contains("Removed 2 expired authentication tickets.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erasure_EndsEverySessionOfTheSubject_AndReportsIt()
    {
        await using var host = await SessionHost.StartAsync();
        await host.WithContextAsync(db =>
        {
            db.Members.AddRange(new Member { Id = Ada, Name = "ada" }, new Member { Id = Grace, Name = "grace" });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var laptop = await host.LogInAsync(Ada, "ada");
        var phone = await host.LogInAsync(Ada, "ada");
        var grace = await host.LogInAsync(Grace, "grace");

        var receipt = await host.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(Ada, TestContext.Current.CancellationToken);

        receipt.Participants.Should().ContainSingle(p => p.Name == "sessions").Which.Should().Be(new ErasureParticipantResult("sessions", true, "2 sessions ended"));
        (await host.WhoAsync(laptop)).Should().BeNull();
        (await host.WhoAsync(phone)).Should().BeNull();
        (await host.WhoAsync(grace)).Should().Be("grace");
    }

    [Fact]
    public async Task ACookieFormatReplacedAfterTheLibraryWrappedIt_FailsNamingTheScheme()
    {
        var start = () => SessionHost.StartAsync(services: s => s.PostConfigure<CookieAuthenticationOptions>(
            SessionHost.Scheme, o => o.TicketDataFormat = new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("replaced"))));

        await start.Should().ThrowAsync<OptionsValidationException>().WithMessage($"*'{SessionHost.Scheme}'*TicketDataFormat was replaced after the library wrapped it*");
    }

    [Fact]
    public async Task ASchemeWithItsOwnSessionStore_KeepsIt()
    {
        var own = new MemoryTicketStore();
        await using var host = await SessionHost.StartAsync(services: s => s.Configure<CookieAuthenticationOptions>(SessionHost.PartnerScheme, o => o.SessionStore = own));

        var cookie = await host.LogInAsync(Ada, "ada", SessionHost.PartnerScheme);

        (await host.WhoAsync(cookie, SessionHost.PartnerScheme)).Should().Be("ada");
        own.Count.Should().Be(1);
        (await host.CountTicketsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task StoreTicketsOff_LeavesTheTicketInTheCookie()
    {
        await using var host = await SessionHost.StartAsync(o => o.Sessions.StoreTickets = false);

        var cookie = await host.LogInAsync(Ada, "ada");

        (await host.WhoAsync(cookie)).Should().Be("ada");
        (await host.CountTicketsAsync()).Should().Be(0);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 10 seconds");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static Task<List<StoredTicket>> ReadTicketsAsync(SessionHost host) => host.WithContextAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"SubjectHash\", \"Ticket\" FROM \"GdprAuthenticationTickets\"";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<StoredTicket>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(new StoredTicket(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader.GetValue(2)));
        }

        return rows;
    });

    private sealed record StoredTicket(string Id, string? SubjectHash, byte[] Ticket);

    private sealed class MemoryTicketStore : ITicketStore
    {
        private readonly Dictionary<string, AuthenticationTicket> _tickets = [];

        public int Count => _tickets.Count;

        public Task<string> StoreAsync(AuthenticationTicket ticket)
        {
            var key = Guid.NewGuid().ToString();
            _tickets[key] = ticket;
            return Task.FromResult(key);
        }

        public Task RenewAsync(string key, AuthenticationTicket ticket)
        {
            _tickets[key] = ticket;
            return Task.CompletedTask;
        }

        public Task<AuthenticationTicket?> RetrieveAsync(string key) => Task.FromResult(_tickets.GetValueOrDefault(key));

        public Task RemoveAsync(string key)
        {
            _tickets.Remove(key);
            return Task.CompletedTask;
        }
    }
}
