using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>Registers the sample's accounts: cookie sign-in, password hashing and the account log; export and erasure come from MySocium.Gdpr.</summary>
public static class AccountServiceCollectionExtensions
{
    /// <summary>The page that anonymous visitors of a protected page are sent to.</summary>
    public const string LoginPath = "/login";

    /// <summary>How long a session lasts from login, whatever the activity.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    /// <summary>Adds cookie authentication, authorization and the account services.</summary>
    /// <param name="services">The application's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(ConfigureCookie);
        services.AddAuthorization();
        services.AddScoped<AccountCookieEvents>();
        services.AddSingleton<IPasswordHasher<AppUser>, PasswordHasher<AppUser>>();
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<AccountLog>();
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "MySocium.Sample.Session";
        options.Cookie.HttpOnly = true;

        // Strict keeps the cookie off every cross-site request: the JSON API's CSRF defence.
        options.Cookie.SameSite = SameSiteMode.Strict;

        // Secure over HTTPS; plain HTTP still works for the local sample and tests.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        // A fixed lifetime: a stolen cookie stops working at a known time however much it is used.
        options.ExpireTimeSpan = SessionLifetime;
        options.SlidingExpiration = false;
        options.LoginPath = LoginPath;
        options.AccessDeniedPath = LoginPath;
        options.EventsType = typeof(AccountCookieEvents);
    }
}
