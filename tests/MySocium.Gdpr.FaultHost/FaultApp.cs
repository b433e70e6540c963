using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.MailKit;

namespace MySocium.Gdpr.FaultHost;

/// <summary>
/// Builds the application every scenario runs: <see cref="FaultContext"/> on SQLite or PostgreSQL
/// (<c>--Provider</c>, <c>--ConnectionString</c>), the library configured from <c>--Gdpr:…</c>, SMTP
/// delivery when <c>--Smtp:Host</c> is given, and the <see cref="PausePoint"/> of <c>--PauseAt</c>.
/// </summary>
public static class FaultApp
{
    public static IConfiguration Settings(string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();

    public static IHost Build(IConfiguration settings, bool deliverMail, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddConfiguration(settings);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        var pause = new PausePoint(settings.GetValue("PauseAt", 0));
        builder.Services.AddSingleton(pause);
        builder.Services.AddDbContext<FaultContext>((sp, o) => Database(o, settings).UseMySociumGdpr(sp).AddInterceptors(pause));
        var gdpr = builder.Services.AddMySociumGdpr(builder.Configuration.GetSection("Gdpr")).AddEntityFrameworkStores<FaultContext>().AddSubject<Person>();
        if (deliverMail)
        {
            gdpr.AddMailKitDelivery(builder.Configuration.GetSection("Smtp"));
        }

        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<T> WithContextAsync<T>(this IHost host, Func<FaultContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<FaultContext>());
    }

    /// <summary>Counts rows with raw SQL, for the library's tables, whose types are its own.</summary>
    /// <remarks>The table and condition are the scenarios' own constants, never input.</remarks>
    public static Task<int> CountAsync(this IHost host, string table, string where = "1 = 1")
    {
        var sql = string.Concat("SELECT COUNT(*) AS \"Value\" FROM \"", table, "\" WHERE ", where);
        return host.WithContextAsync(db => db.Database.SqlQueryRaw<int>(sql).SingleAsync());
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails after a minute.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        for (var waited = TimeSpan.Zero; !await done(); waited += TimeSpan.FromMilliseconds(100))
        {
            if (waited > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"Waited a minute for {what}.");
            }

            await Task.Delay(100);
        }
    }

    public static int Unknown(string what)
    {
        Console.Error.WriteLine($"unknown scenario or step: {what}");
        return 2;
    }

    private static DbContextOptionsBuilder Database(DbContextOptionsBuilder options, IConfiguration settings)
    {
        var connection = settings["ConnectionString"] ?? throw new InvalidOperationException("--ConnectionString is required.");
        return settings["Provider"] switch
        {
            "sqlite" => options.UseSqlite(connection),
            "postgres" => options.UseNpgsql(connection),
            var other => throw new InvalidOperationException($"--Provider must be sqlite or postgres, not '{other}'."),
        };
    }
}
