using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.FaultHost;

/// <summary>The application's context: its people, their logins, and the library's state.</summary>
public sealed class FaultContext(DbContextOptions<FaultContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<LoginEvent> Logins => Set<LoginEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<LoginEvent>().HasIndex(l => l.OccurredAt);
}

/// <summary>The subject: an address to mail, encrypted and searchable, and a name.</summary>
public sealed class Person
{
    public Guid Id { get; set; }

    [PersonalData(Searchable = true, Normalize = Normalization.Email)]
    public string Email { get; set; } = "";

    [PersonalData]
    public string Name { get; set; } = "";
}

/// <summary>A login, as the README declares one: its address encrypted, truncated after a week, the row deleted after 90 days.</summary>
[Retention(nameof(OccurredAt), IpAddresses = [nameof(IpAddress)], AnonymizeAfter = "7.00:00:00", DeleteAfter = "90.00:00:00")]
public sealed class LoginEvent
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    [PersonalData]
    public string? IpAddress { get; set; }
}
