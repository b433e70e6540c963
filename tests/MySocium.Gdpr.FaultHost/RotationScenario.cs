using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.FaultHost;

/// <summary>
/// A key rotation done by one instance while another uses the data. <c>seed</c> creates <see cref="People"/>
/// people; <c>work</c> runs the application for <c>--Seconds</c>, reading pages of people, finding them by
/// their (blind-indexed) address, renaming and adding them without pause, and prints how many of each it
/// did and how many failed; <c>rotate</c> runs the application, rotates the data key, and keeps running for
/// <c>--Seconds</c>. Both count the errors their background jobs log (re-encryption, key refresh).
/// </summary>
public static class RotationScenario
{
    public const int People = 3_000;

    private const int PageSize = 50;

    public static async Task<int> RunAsync(string step, IConfiguration settings)
    {
        var errors = new ErrorCounter();
        void Counting(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(errors);
        switch (step)
        {
            case "seed":
            {
                using var host = FaultApp.Build(settings, deliverMail: false);
                await host.WithContextAsync(async db => await db.Database.EnsureDeletedAsync() | await db.Database.EnsureCreatedAsync());
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                await host.WithContextAsync(db =>
                {
                    db.People.AddRange(Enumerable.Range(0, People).Select(i => new Person { Email = Address(i), Name = $"Person {i}" }));
                    return db.SaveChangesAsync();
                });
                Console.WriteLine($"SEEDED {People}");
                return 0;
            }

            case "work":
            {
                using var host = FaultApp.Build(settings, deliverMail: false, Counting);
                await host.StartAsync();
                var work = await WorkAsync(host, Seconds(settings));
                await host.StopAsync();
                Console.WriteLine($"WORKED {work.Reads} {work.Lookups} {work.Writes} {work.Failures} {errors.Count}");
                return 0;
            }

            case "rotate":
            {
                using var host = FaultApp.Build(settings, deliverMail: false, Counting);
                await host.StartAsync();
                var key = await host.Services.GetRequiredService<IGdprKeyRing>().RotateAsync();
                Console.Error.WriteLine($"rotated to key {key.Id}, current from {key.ActivatesAt:O}");
                await Task.Delay(Seconds(settings));
                await host.StopAsync();
                Console.WriteLine($"ROTATED {key.Id} {errors.Count}");
                return 0;
            }

            default:
                return FaultApp.Unknown(step);
        }
    }

    private static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"person{i}@example.test");

    private static TimeSpan Seconds(IConfiguration settings)
        => TimeSpan.FromSeconds(settings.GetValue<int?>("Seconds") ?? throw new InvalidOperationException("--Seconds is required."));

    /// <summary>Reads, finds, renames and adds people until <paramref name="duration"/> has passed; a failure is counted and written to standard error.</summary>
    private static async Task<Work> WorkAsync(IHost host, TimeSpan duration)
    {
        var work = new Work();
        var random = new Random(1815);
        var added = 0;
        for (var until = DateTime.UtcNow + duration; DateTime.UtcNow < until;)
        {
            await TryAsync(work, async () =>
            {
                var skip = random.Next(People - PageSize);
                var page = await host.WithContextAsync(db => db.People.AsNoTracking().OrderBy(p => p.Id).Skip(skip).Take(PageSize).ToListAsync());
                work.Reads += page.Count(p => p.Name.StartsWith("Person ", StringComparison.Ordinal));
            });
            await TryAsync(work, async () =>
            {
                var address = Address(random.Next(People));
                var found = await host.WithContextAsync(db => db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Email == address));
                work.Lookups += found is null ? throw new InvalidOperationException("a seeded person was not found by address") : 1;
            });
            await TryAsync(work, async () =>
            {
                var address = Address(random.Next(People));
                var newcomer = new Person { Email = string.Create(CultureInfo.InvariantCulture, $"added{added++}@example.test"), Name = "Person added" };
                work.Writes += await host.WithContextAsync(async db =>
                {
                    var person = await db.People.SingleAsync(p => p.Email == address);
                    person.Name = $"Person {address} renamed";
                    db.People.Add(newcomer);
                    return await db.SaveChangesAsync();
                });
            });
        }

        return work;
    }

    private static async Task TryAsync(Work work, Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception e)
        {
            work.Failures++;
            Console.Error.WriteLine($"work failed: {e}");
        }
    }

    private sealed class Work
    {
        public int Reads { get; set; }

        public int Lookups { get; set; }

        public int Writes { get; set; }

        public int Failures { get; set; }
    }

    /// <summary>Counts the entries logged at Error or above, by the library's background jobs among others.</summary>
    private sealed class ErrorCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => _count;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}
