using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// The immutable options extension that <c>UseMySociumGdpr(sp)</c> adds to a <c>DbContext</c>'s
/// options; it plugs the library's conventions into EF Core's internal services.
/// </summary>
internal sealed class GdprDbContextOptionsExtension(GdprEntityFrameworkServices services) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public GdprEntityFrameworkServices Services { get; } = services;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        services.AddSingleton(Services);
        services.AddSingleton<IInterceptor, BlindIndexSaveChangesInterceptor>();
        services.AddSingleton<IInterceptor, EncryptedQueryInterceptor>();
        services.AddSingleton<IInterceptor, SqliteSecureDeleteInterceptor>();
        services.AddSingleton<IInterceptor, AccountActivityInterceptor>();
        new EntityFrameworkServicesBuilder(services)
            .TryAdd<IConventionSetPlugin, GdprConventionSetPlugin>();
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(GdprDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new GdprDbContextOptionsExtension Extension => (GdprDbContextOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using MySocium.Gdpr ";

        public override int GetServiceProviderHashCode() => RuntimeHelpers.GetHashCode(Extension.Services);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo otherInfo && ReferenceEquals(Extension.Services, otherInfo.Extension.Services);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["MySocium.Gdpr:Services"] = GetServiceProviderHashCode().ToString(CultureInfo.InvariantCulture);
    }
}
