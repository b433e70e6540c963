namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>The host's <c>DbContext</c> that holds the library's own state (keys, ledgers, receipts, outbox).</summary>
internal sealed record GdprStore(Type ContextType);
