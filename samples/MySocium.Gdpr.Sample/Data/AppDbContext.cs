using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>The sample's database; MySocium.Gdpr adds its own entities to this model.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    /// <summary>Gets the users.</summary>
    public DbSet<AppUser> Users => Set<AppUser>();

    /// <summary>Gets the users' posts.</summary>
    public DbSet<Post> Posts => Set<Post>();

    /// <summary>Gets the users' login history.</summary>
    public DbSet<LoginEvent> LoginEvents => Set<LoginEvent>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureUser(modelBuilder.Entity<AppUser>());
        ConfigurePost(modelBuilder.Entity<Post>());
        ConfigureLoginEvent(modelBuilder.Entity<LoginEvent>());
    }

    private static void ConfigureUser(EntityTypeBuilder<AppUser> user)
    {
        user.Property(u => u.UserName).HasMaxLength(AppUser.UserNameMaxLength);
        user.Property(u => u.Email).HasMaxLength(AppUser.EmailMaxLength);
        user.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
        user.Property(u => u.Phone).HasMaxLength(AppUser.PhoneMaxLength);
        user.Property(u => u.SecurityStamp).HasMaxLength(64);
        user.HasIndex(u => u.UserName).IsUnique();
        user.HasIndex(u => u.Email).IsUnique();
        user.HasMany(u => u.Posts).WithOne().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    private static void ConfigurePost(EntityTypeBuilder<Post> post)
    {
        post.Property(p => p.Text).HasMaxLength(Post.TextMaxLength);
        post.HasIndex(p => new { p.UserId, p.CreatedAt });
    }

    private static void ConfigureLoginEvent(EntityTypeBuilder<LoginEvent> loginEvent)
    {
        // 45: the longest textual IPv6 address; 64: a SHA-256 in hex.
        loginEvent.Property(e => e.IpAddress).HasMaxLength(45);
        loginEvent.Property(e => e.UserAgentHash).HasMaxLength(64);
        loginEvent.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        loginEvent.HasIndex(e => new { e.UserId, e.OccurredAt });
    }
}
