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

    /// <summary>A person with a telling value in every property, edge values included.</summary>
    public static Person Sample() => new()
    {
        UserName = "ada",
        Email = "ada.lovelace@example.org",
        Nickname = "Countess of computing",
        Photo = [0, 1, 2, 250, 255],
        Signature = [9, 8, 7],
        Flag = true,
        Byte = 200,
        SByte = -100,
        Short = short.MinValue,
        UShort = ushort.MaxValue,
        Int = int.MinValue,
        UInt = uint.MaxValue,
        Long = long.MinValue,
        ULong = ulong.MaxValue,
        Char = 'é',
        Float = -1.5e-30f,
        Double = double.Epsilon,
        Decimal = -79228162514264337593543950335m,
        Guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
        Tier = Tier.Gold,
        DateTime = new DateTime(1815, 12, 10, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567),
        DateOnly = new DateOnly(1815, 12, 10),
        TimeOnly = new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9999)),
        DateTimeOffset = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(5.75)),
        TimeSpan = TimeSpan.FromDays(-3.25),
        Address = IPAddress.Parse("2001:db8::1%3"),
        LastAddress = IPAddress.Parse("203.0.113.77"),
        NullableFlag = false,
        NullableInt = 42,
        NullableLong = -42,
        NullableDecimal = 0.0001m,
        NullableGuid = Guid.Empty,
        NullableTier = Tier.Free,
        NullableDateTime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Local),
        NullableDateOnly = DateOnly.MaxValue,
        NullableTimeOnly = TimeOnly.MinValue,
        NullableDateTimeOffset = DateTimeOffset.MinValue,
        NullableTimeSpan = TimeSpan.MaxValue,
        NullableDouble = double.NaN,
        LegacyNote = "kept as Base64 text",
        DisplayName = "Ada",
    };
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
    [PersonalData(Searchable = true, Normalizer = typeof(MembershipNumberNormalizer))] public string? MembershipNumber { get; set; }
}

/// <summary>A custom blind-index normalization: membership numbers are matched without dashes and in upper case.</summary>
public sealed class MembershipNumberNormalizer : Gdpr.Encryption.IBlindIndexNormalizer
{
    public string Normalize(string value) => value.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
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
