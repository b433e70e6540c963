using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Consent;

/// <summary>Reads a request's decision from its cookie, and records and sets new decisions.</summary>
internal sealed class ConsentService(
    ConsentCategoryTable table,
    ConsentKeys keys,
    ConsentLedger ledger,
    IOptions<GdprOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ConsentService> logger)
{
    private readonly ConcurrentDictionary<string, bool> _reportedUndeclared = new(StringComparer.Ordinal);

    private readonly GdprConsentOptions _options = options.Value.Consent;
    private readonly bool _development = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;

    /// <summary>Reads the request's decision. A missing, malformed, forged or tampered cookie reads as no decision.</summary>
    public GdprConsentFeature Read(HttpContext context)
    {
        var feature = new GdprConsentFeature(table, this, context)
        {
            GlobalPrivacyControl = context.Request.Headers["Sec-GPC"] == "1",
        };
        if (RequestCookies.TryGet(context.Request.Headers.Cookie, _options.CookieName, out var cookie)
            && ConsentCookie.TryRead(keys.Cookie, cookie, table.Stamp, out var value))
        {
            var status = !value.ForCurrentPolicy ? ConsentStatus.Outdated
                : value.IssuedAt + _options.Lifetime <= time.GetUtcNow() ? ConsentStatus.Expired
                : ConsentStatus.Decided;
            feature.Load(status, value.ConsentId, value.IssuedAt, value.Granted);
        }

        return feature;
    }

    /// <summary>Parses category names into a mask of optional categories; <c>necessary</c> is accepted and implied.</summary>
    /// <exception cref="ArgumentException">A name is not a category.</exception>
    public uint Mask(IEnumerable<string> categories)
    {
        var mask = 0u;
        foreach (var category in categories)
        {
            mask |= table.TryGetBit(category ?? "", out var bit)
                ? bit
                : throw new ArgumentException($"A listed name is not a consent category; the categories are {string.Join(", ", table.Names)}.", nameof(categories));
        }

        return mask & table.OptionalMask;
    }

    /// <summary>Records the decision in the ledger, then sets the cookie and the request's feature.</summary>
    public async Task DecideAsync(GdprConsentFeature feature, uint granted, ConsentMethod method, CancellationToken cancellationToken)
    {
        var decision = NewDecision(feature, granted, method);
        await ledger.AppendAsync(decision, cancellationToken);
        Apply(feature, decision);
    }

    /// <summary>
    /// The synchronous path of <c>ITrackingConsentFeature</c>: the cookie and feature change at once,
    /// and the ledger record is written before the response starts (a failure fails the response).
    /// </summary>
    public void Decide(GdprConsentFeature feature, uint granted, ConsentMethod method)
    {
        var decision = NewDecision(feature, granted, method);
        Apply(feature, decision);
        feature.Context.Response.OnStarting(() => ledger.AppendAsync(decision, feature.Context.RequestAborted));
    }

    private ConsentDecision NewDecision(GdprConsentFeature feature, uint granted, ConsentMethod method)
    {
        granted &= table.OptionalMask;
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var context = feature.Context;
        return new ConsentDecision(
            feature.ConsentId ?? Guid.CreateVersion7(now),
            SubjectHash(context.User),
            now,
            granted,
            table.OptionalMask & ~granted,
            feature.Recorded & table.OptionalMask & ~granted,
            method,
            IpAddress(context.Connection.RemoteIpAddress));
    }

    private void Apply(GdprConsentFeature feature, ConsentDecision decision)
    {
        var context = feature.Context;
        context.Response.Cookies.Append(
            _options.CookieName,
            ConsentCookie.Write(keys.Cookie, decision.ConsentId, decision.At, table.Stamp, decision.Granted),
            new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps || !_development,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                Expires = decision.At + _options.Lifetime,
                IsEssential = true,
            });
        feature.Load(ConsentStatus.Decided, decision.ConsentId, decision.At, decision.Granted);
    }

    /// <summary>Logs a blocked undeclared cookie once per name, so the host learns to declare it.</summary>
    public void ReportUndeclared(ReadOnlySpan<char> name)
    {
        var lookup = _reportedUndeclared.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.ContainsKey(name) && _reportedUndeclared.TryAdd(name.ToString(), true))
        {
            Log.UndeclaredCookieBlocked(logger, name.ToString());
        }
    }

    /// <summary>The ledger's pseudonym of a signed-in subject: a keyed hash of the name identifier, never the id itself.</summary>
    public string? SubjectHash(ClaimsPrincipal user)
        => user.Identity?.IsAuthenticated == true && (user.FindFirst(ClaimTypes.NameIdentifier) ?? user.FindFirst("sub")) is { Value: { Length: > 0 } id }
            ? SubjectHash(id)
            : null;

    public string SubjectHash(string subjectId) => keys.SubjectHash(subjectId);

    private string? IpAddress(IPAddress? address)
    {
        if (_options.IpAddress == ConsentIpAddressHandling.Drop || address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        bytes.AsSpan(keep).Clear();
        return new IPAddress(bytes).ToString();
    }
}

/// <summary>One decision, as the ledger records it.</summary>
internal sealed record ConsentDecision(
    Guid ConsentId, string? SubjectHash, DateTimeOffset At, uint Granted, uint Refused, uint Withdrawn, ConsentMethod Method, string? IpAddress);
