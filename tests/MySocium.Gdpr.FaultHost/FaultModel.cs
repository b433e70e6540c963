using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.FaultHost;

/// <summary>The application's context: its people, and the library's state.</summary>
public sealed class FaultContext(DbContextOptions<FaultContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();
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
