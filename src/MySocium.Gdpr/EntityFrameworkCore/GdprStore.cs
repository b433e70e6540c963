using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>The host's <c>DbContext</c> that holds the library's own state (keys, ledgers, receipts, outbox).</summary>
internal sealed record GdprStore(Type ContextType)
{
    /// <summary>Gets the store context of a scope.</summary>
    /// <exception cref="InvalidOperationException">No store context was registered.</exception>
    public static DbContext Resolve(IServiceProvider root, IServiceProvider scoped)
    {
        var store = root.GetService<GdprStore>()
            ?? throw new InvalidOperationException(
                "MySocium.Gdpr does not know which context holds its state and the personal data. Call AddMySociumGdpr().AddEntityFrameworkStores<TContext>().");
        return (DbContext)scoped.GetRequiredService(store.ContextType);
    }
}
