using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr;

internal sealed class GdprBuilder(IServiceCollection services) : IGdprBuilder
{
    public IServiceCollection Services { get; } = services;
}
