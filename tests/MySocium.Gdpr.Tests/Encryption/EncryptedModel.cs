using System.Net;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Encryption;

public enum Tier : short
{
    Free = 1,
    Gold = 7,
}

/// <summary>One encrypted property of every supported type, and their nullable forms.</summary>
public sealed class Person
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    [PersonalData] public string Email { get; set; } = "";
    [PersonalData] public string? Nickname { get; set; }
    [PersonalData] public byte[] Photo { get; set; } = [];
    [PersonalData] public byte[]? Signature { get; set; }
    [PersonalData] public bool Flag { get; set; }
    [PersonalData] public byte Byte { get; set; }
    [PersonalData] public sbyte SByte { get; set; }
    [PersonalData] public short Short { get; set; }
    [PersonalData] public ushort UShort { get; set; }
    [PersonalData] public int Int { get; set; }
    [PersonalData] public uint UInt { get; set; }
    [PersonalData] public long Long { get; set; }
    [PersonalData] public ulong ULong { get; set; }
    [PersonalData] public char Char { get; set; }
    [PersonalData] public float Float { get; set; }
    [PersonalData] public double Double { get; set; }
    [PersonalData] public decimal Decimal { get; set; }
    [PersonalData] public Guid Guid { get; set; }
    [PersonalData] public Tier Tier { get; set; }
    [PersonalData] public DateTime DateTime { get; set; }
    [PersonalData] public DateOnly DateOnly { get; set; }
    [PersonalData] public TimeOnly TimeOnly { get; set; }
    [PersonalData] public DateTimeOffset DateTimeOffset { get; set; }
    [PersonalData] public TimeSpan TimeSpan { get; set; }
    [PersonalData] public IPAddress Address { get; set; } = IPAddress.Loopback;
    [PersonalData] public IPAddress? LastAddress { get; set; }
    [PersonalData] public bool? NullableFlag { get; set; }
    [PersonalData] public int? NullableInt { get; set; }
    [PersonalData] public long? NullableLong { get; set; }
    [PersonalData] public decimal? NullableDecimal { get; set; }
    [PersonalData] public Guid? NullableGuid { get; set; }
    [PersonalData] public Tier? NullableTier { get; set; }
    [PersonalData] public DateTime? NullableDateTime { get; set; }
    [PersonalData] public DateOnly? NullableDateOnly { get; set; }
    [PersonalData] public TimeOnly? NullableTimeOnly { get; set; }
    [PersonalData] public DateTimeOffset? NullableDateTimeOffset { get; set; }
    [PersonalData] public TimeSpan? NullableTimeSpan { get; set; }
    [PersonalData] public double? NullableDouble { get; set; }
    [PersonalData(Storage = PersonalDataStorage.Base64)] public string? LegacyNote { get; set; }
    [PersonalData(Encrypt = false)] public string DisplayName { get; set; } = "";
}

/// <summary>Searchable encrypted properties: lookups go through blind indexes.</summary>
public sealed class Member
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    [PersonalData(Searchable = true, Normalize = Normalization.Email)] public string Email { get; set; } = "";
    [PersonalData(Searchable = true, Normalize = Normalization.Phone)] public string? Phone { get; set; }
    [PersonalData(Searchable = true)] public DateOnly? BirthDate { get; set; }
    [PersonalData] public string? Bio { get; set; }
}

/// <summary>Columns that held plaintext before they were encrypted: the plaintext migration's subject.</summary>
public sealed class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    [PersonalData(Searchable = true, Normalize = Normalization.Email, Storage = PersonalDataStorage.Base64)] public string Email { get; set; } = "";
    [PersonalData] public byte[]? Document { get; set; }
    [PersonalData(Storage = PersonalDataStorage.Base64)] public string? Note { get; set; }
}

public sealed class EncryptedContext(DbContextOptions<EncryptedContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<Customer> Customers => Set<Customer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Member>().HasIndex(m => m.Email).IsUnique();
}
