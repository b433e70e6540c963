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
        var id = RowId(key);
        await using var scope = services.CreateAsyncScope();
        var tickets = Tickets(scope);
        var stored = await tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Ticket).FirstOrDefaultAsync(cancellationToken);
        var removed = await tickets.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        await wiper.SignedOutAsync(httpContext, key, removed && stored is not null ? Holder(stored) : null);
    }

    /// <summary>Deletes every ticket that has expired; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = services.CreateAsyncScope();
        return await Tickets(scope).Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes every ticket of a subject; returns how many.</summary>
    public async Task<int> RemoveSubjectAsync(object subjectId, CancellationToken cancellationToken)
    {
        var hash = SessionSubject.Hash(hashes, subjectId);
        await using var scope = services.CreateAsyncScope();
        return await Tickets(scope).Where(t => t.SubjectHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<string> StoreCoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SessionKeySize));
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        db.Add(Row(key, ticket));
        await db.SaveChangesAsync(cancellationToken);
        MarkSignedIn(httpContext);
        return key;
    }

    /// <summary>
    /// The handler renews under the key of the request's valid session, also when it signs someone in. Only the
    /// same holder may continue a session: signing someone else in over a live session would hand it to whoever
    /// holds a copy of the old cookie (a planted cookie fixes the session). The old session ends instead, wiped
    /// like a sign-out, and the new ticket is not stored; the next sign-in, without a valid session, gets a new key.
    /// </summary>
    private async Task RenewCoreAsync(string key, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var renewed = Row(key, ticket);
        var holder = Holder(ticket);
        var stored = await db.Set<GdprAuthenticationTicket>().SingleOrDefaultAsync(t => t.Id == renewed.Id, cancellationToken);
        if (stored is null)
        {
            // The session ended meanwhile: a renewal must not bring it back. Only a sign-in of the same holder
            // after a sign-out in this same request (the handler reuses the key) stores it again.
            if (SessionWipeState.Find(httpContext)?.WasRemoved(key, out var removedHolder) != true || removedHolder != holder)
            {
                return;
            }

            db.Add(renewed);
        }
        else if (Holder(stored.Ticket) != holder)
        {
            db.Remove(stored);
            if (await SaveAsync(db, cancellationToken) && httpContext is not null)
            {
                await wiper.SignedOutAsync(httpContext, key, removedHolder: null);
            }

            Log.SessionSubjectChanged(logger);
            return;
        }
        else
        {
            stored.ExpiresAt = renewed.ExpiresAt;
            stored.Ticket = renewed.Ticket;
        }

        if (await SaveAsync(db, cancellationToken))
        {
            MarkSignedIn(httpContext);
        }
    }

    /// <summary>
    /// Saves; false when the row went meanwhile (a concurrent sign-out), which a renewal must not undo, or when
    /// a concurrent request of the same sign-in stored it first.
    /// </summary>
    private async Task<bool> SaveAsync(DbContext db, CancellationToken cancellationToken)
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
        catch (DbUpdateException) when (db.ChangeTracker.Entries<GdprAuthenticationTicket>().SingleOrDefault() is { State: EntityState.Added } added)
        {
            var id = added.Entity.Id;
            db.ChangeTracker.Clear();
            if (await db.Set<GdprAuthenticationTicket>().AnyAsync(t => t.Id == id, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>
    /// Who a ticket is about, to tell a renewal of the same session from someone else's sign-in: its subject claim,
    /// else its name claim (ASP.NET Core Identity's two-factor tickets carry only that), else nobody. Kept in memory only.
    /// </summary>
    private string Holder(AuthenticationTicket ticket)
        => ticket.Principal.FindFirst(options.Value.Sessions.SubjectClaimType)?.Value is { Length: > 0 } subject ? "subject:" + subject
            : ticket.Principal.FindFirst(ClaimTypes.Name)?.Value is { Length: > 0 } name ? "name:" + name
            : "";

    private string Holder(byte[] storedTicket) => TicketSerializer.Default.Deserialize(storedTicket) is { } ticket ? Holder(ticket) : "unreadable";

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
        SubjectHash = ticket.Principal.FindFirst(options.Value.Sessions.SubjectClaimType)?.Value is { Length: > 0 } subject
            ? SessionSubject.Hash(hashes, subject)
            : null,
        ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime,
        Ticket = TicketSerializer.Default.Serialize(ticket),
    };

    /// <summary>The row holds a hash of the key, so whoever reads the table cannot present it.</summary>
    private static string RowId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private DbSet<GdprAuthenticationTicket> Tickets(AsyncServiceScope scope) => GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprAuthenticationTicket>();
}
