using System.Globalization;
using System.Security.Claims;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Keeps cookie-authentication tickets in the host's database (<see cref="GdprAuthenticationTicket"/>),
/// so a session ends on every instance the moment its row goes. Each call uses a context of its
/// own: saving through the request's context would also save whatever the request had pending.
/// </summary>
internal sealed class DatabaseTicketStore(
    IServiceProvider services, KeyedHashes hashes, TimeProvider time, IOptions<GdprOptions> options, SessionWiper wiper, ILogger<DatabaseTicketStore> logger) : ITicketStore
{
    private const int SessionKeySize = 32;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreCoreAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreCoreAsync(ticket, null, cancellationToken);

    public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
        => StoreCoreAsync(ticket, httpContext, cancellationToken);

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewCoreAsync(key, ticket, null, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewCoreAsync(key, ticket, null, cancellationToken);

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
        => RenewCoreAsync(key, ticket, httpContext, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var id = RowId(key);
        await using var scope = services.CreateAsyncScope();
        var tickets = Tickets(scope);
        var row = await tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (row.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            await tickets.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        return TicketSerializer.Default.Deserialize(row.Ticket);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
        => RetrieveAsync(key, cancellationToken);

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var id = RowId(key);
        await using var scope = services.CreateAsyncScope();
        await Tickets(scope).Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The handler calls this on sign-out, with the request: the moment to wipe the rest of the session.</summary>
    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        key = SessionWipeState.Find(httpContext)?.MovedTo(key) ?? key;
        var id = RowId(key);
        await using var scope = services.CreateAsyncScope();
        var removed = await Tickets(scope).Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        await wiper.SignedOutAsync(httpContext, key, removed);
    }

    /// <summary>Deletes every ticket that has expired; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = services.CreateAsyncScope();
        return await Tickets(scope).Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<string> StoreCoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var key = NewKey();
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        db.Add(Row(key, ticket));
        await db.SaveChangesAsync(cancellationToken);
        MarkSignedIn(httpContext);
        return key;
    }

    /// <summary>
    /// The handler renews under the key of the request's valid session, also when it signs someone in. Only the
    /// same holder continues a session under its key. When someone else signs in over it, or anyone signs in after
    /// a sign-out in the same request, the new ticket goes under a new key (which <see cref="SessionKeyFormat"/>
    /// writes into the cookie) and the old key ends, so no copy of the old cookie (a planted one fixes the
    /// session) reaches the new session. A renewal never brings back a session that ended meanwhile.
    /// </summary>
    private async Task RenewCoreAsync(string key, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var state = httpContext is null ? null : SessionWipeState.For(httpContext);
        var original = key;
        key = state?.MovedTo(key) ?? key;
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var id = RowId(key);
        var stored = await db.Set<GdprAuthenticationTicket>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (stored is null)
        {
            if (state?.WasRemoved(key) == true)
            {
                await MoveAsync(db, original, ticket, state, cancellationToken);
            }

            return;
        }

        if (Holder(stored.Ticket) == Holder(ticket))
        {
            stored.ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime;
            stored.Ticket = TicketSerializer.Default.Serialize(ticket);
            if (await SaveAsync(db, cancellationToken))
            {
                MarkSignedIn(httpContext);
            }

            return;
        }

        db.Remove(stored);
        if (!await SaveAsync(db, cancellationToken))
        {
            return;
        }

        Log.SessionHolderChanged(logger);
        if (state is null)
        {
            // Without the request the cookie cannot be given a new key: the old session ends, and nobody is signed in.
            return;
        }

        await wiper.SignedOutAsync(httpContext!, key, removed: false);
        await MoveAsync(db, original, ticket, state, cancellationToken);
    }

    /// <summary>Stores <paramref name="ticket"/> under a new key, which the cookie of this response carries instead of <paramref name="key"/>, the key the handler holds.</summary>
    private async Task MoveAsync(DbContext db, string key, AuthenticationTicket ticket, SessionWipeState state, CancellationToken cancellationToken)
    {
        var moved = NewKey();
        db.ChangeTracker.Clear();
        db.Add(Row(moved, ticket));
        await db.SaveChangesAsync(cancellationToken);
        state.Moved(key, moved);
        state.SignedInAgain = true;
    }

    /// <summary>Saves; false when the row went meanwhile (a concurrent sign-out), which a renewal must not undo.</summary>
    private static async Task<bool> SaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Who a ticket is about, to tell a renewal of the same session from another sign-in: its subject claim, else
    /// all its claims (Identity's two-factor tickets carry the user id as their name; a renewal's copy of a ticket
    /// keeps them all), with the values of <see cref="GdprSessionOptions.KeyRotationClaimTypes"/>. Kept in memory only.
    /// </summary>
    private string Holder(AuthenticationTicket ticket)
    {
        var claims = ticket.Principal.Claims.ToList();
        var holder = new StringBuilder();
        if (claims.Find(c => c.Type == options.Value.Sessions.SubjectClaimType) is { Value.Length: > 0 } subject)
        {
            Append(holder, subject);
        }
        else
        {
            claims.ForEach(c => Append(holder, c));
        }

        foreach (var type in options.Value.Sessions.KeyRotationClaimTypes)
        {
            claims.Where(c => c.Type == type).ToList().ForEach(c => Append(holder, c));
        }

        return holder.ToString();

        // Length-prefixed, so no two different lists of claims read alike.
        static void Append(StringBuilder holder, Claim claim)
            => holder.Append(CultureInfo.InvariantCulture, $"{claim.Type.Length}:{claim.Type}{claim.Value.Length}:{claim.Value}");
    }

    private string Holder(byte[] storedTicket)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(storedTicket) is { } ticket ? Holder(ticket) : "unreadable";
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidOperationException)
        {
            return "unreadable";
        }
    }

    private static void MarkSignedIn(HttpContext? httpContext)
    {
        if (SessionWipeState.Find(httpContext) is { } state)
        {
            state.SignedInAgain = true;
        }
    }

    private GdprAuthenticationTicket Row(string key, AuthenticationTicket ticket) => new()
    {
        Id = RowId(key),

        // Identity's two-factor tickets carry the user id only as their name: erasure ends those too.
        SubjectHash = (ticket.Principal.FindFirst(options.Value.Sessions.SubjectClaimType)?.Value ?? ticket.Principal.Identity?.Name) is { Length: > 0 } subject
            ? SessionSubject.Hash(hashes, subject)
            : null,
        ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime,
        Ticket = TicketSerializer.Default.Serialize(ticket),
    };

    private static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SessionKeySize));

    /// <summary>The row holds a hash of the key, so whoever reads the table cannot present it.</summary>
    private static string RowId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private DbSet<GdprAuthenticationTicket> Tickets(AsyncServiceScope scope) => GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprAuthenticationTicket>();
}
