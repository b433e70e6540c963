using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr;

/// <summary>
/// Returned by <see cref="GdprServiceCollectionExtensions.AddMySociumGdpr(IServiceCollection)"/>;
/// the features of MySocium.Gdpr extend it with their own <c>Add…</c> methods.
/// </summary>
public interface IGdprBuilder
{
    /// <summary>Gets the service collection the library was added to.</summary>
    IServiceCollection Services { get; }
}
