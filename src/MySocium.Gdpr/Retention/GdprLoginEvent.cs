using System.Net;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// What a successful login leaves for the account's security, ready to copy into the host's own
/// login event entity: when, from which address, and a keyed hash of the browser's user agent.
/// </summary>
/// <param name="OccurredAt">When the login happened, from the registered <see cref="TimeProvider"/>.</param>
/// <param name="IpAddress">The client's address, an IPv4-mapped IPv6 address as IPv4; <see langword="null"/> when unknown.</param>
/// <param name="UserAgentHash">
/// The lower-case hex keyed BLAKE2b-256 (64 characters) of the <c>User-Agent</c> header, or <see langword="null"/> when
/// the client sent none: equal for the same browser, unreadable without the key, and not comparable across a rotation
/// of the blind-index key.
/// </param>
public readonly record struct GdprLoginEvent(DateTimeOffset OccurredAt, IPAddress? IpAddress, string? UserAgentHash);
