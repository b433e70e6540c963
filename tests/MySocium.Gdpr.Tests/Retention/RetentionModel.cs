using System.Net;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>A login record with an IP address in every supported shape: text, bytes and IPAddress, in the clear, encrypted, and encrypted with a blind index.</summary>
[Retention(nameof(At), IpAddresses = [nameof(Ip), nameof(IpBytes), nameof(SecretIp), nameof(SecretAddress), nameof(IndexedIp)], AnonymizeAfter = "7.00:00:00", DeleteAfter = "30.00:00:00")]
public sealed class LoginRecord
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string? Ip { get; set; }

    public byte[]? IpBytes { get; set; }

    [PersonalData]
    public string? SecretIp { get; set; }

    [PersonalData]
    public IPAddress? SecretAddress { get; set; }

    [PersonalData(Searchable = true)]
    public string? IndexedIp { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>An entity without retention: the pruner leaves it alone.</summary>
public sealed class KeptRecord
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string? Ip { get; set; }
}

public sealed class RetentionContext(DbContextOptions<RetentionContext> options) : DbContext(options)
{
    public DbSet<LoginRecord> Logins => Set<LoginRecord>();

    public DbSet<KeptRecord> Kept => Set<KeptRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<LoginRecord>().HasIndex(l => l.At);
}
