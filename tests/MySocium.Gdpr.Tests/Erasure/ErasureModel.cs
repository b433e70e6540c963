using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>The data subject, with a self-reference (who invited whom), an owned address and a searchable (blind-indexed) name.</summary>
public sealed class Account
{
    public Guid Id { get; set; }

    [PersonalData(Searchable = true)] public string Name { get; set; } = "";

    public Guid? InvitedById { get; set; }

    public Address Home { get; set; } = new();

    public List<Post> Posts { get; } = [];

    public List<Order> Orders { get; } = [];
}

/// <summary>Owned by the account, with a shadow property of its own.</summary>
[Owned]
public sealed class Address
{
    public const string Country = nameof(Country);

    [PersonalData] public string Street { get; set; } = "";
}

/// <summary>Written by one account (required: the post is theirs), last edited by another (optional: detached).</summary>
public sealed class Post
{
    public int Id { get; set; }

    public Guid AuthorId { get; set; }

    public Guid? LastEditorId { get; set; }

    [PersonalData] public string Text { get; set; } = "";

    public bool IsDeleted { get; set; }

    public List<Comment> Comments { get; } = [];

    public List<Tag> Tags { get; } = [];
}

/// <summary>Two levels down, with a self-reference (replies).</summary>
public sealed class Comment
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public int? ReplyToId { get; set; }

    [PersonalData] public string Text { get; set; } = "";
}

/// <summary>Many-to-many with posts through a join entity EF creates.</summary>
public sealed class Tag
{
    public int Id { get; set; }

    public string Label { get; set; } = "";

    public List<Post> Posts { get; } = [];
}

/// <summary>Reaches the subject through a shadow foreign key (no property on the class).</summary>
public sealed class Order
{
    public int Id { get; set; }

    [PersonalData(Purpose = "Delivering the order")] public string ShippingName { get; set; } = "";

    public DateOnly PlacedOn { get; set; }

    public decimal Total { get; set; }

    public Parcel Parcel { get; set; } = new();
}

/// <summary>A complex type: its values are columns of the order's row.</summary>
public sealed class Parcel
{
    public int WeightGrams { get; set; }

    public string Carrier { get; set; } = "";
}

/// <summary>An inheritance hierarchy (TPH) owned by an account.</summary>
public abstract class Pet
{
    public int Id { get; set; }

    public Guid OwnerId { get; set; }

    [PersonalData(Encrypt = false)] public string Name { get; set; } = "";
}

/// <summary>A derived type with a shadow property of its own.</summary>
public sealed class Dog : Pet
{
    public const string Breed = nameof(Breed);

    public bool Barks { get; set; }
}

public sealed class Cat : Pet
{
    public int Lives { get; set; } = 9;
}

/// <summary>Kept on erasure: the rows are the organisation's, they only stop pointing at the subject.</summary>
[Erasure(ErasureAction.Detach)]
public sealed class AuditEntry
{
    public int Id { get; set; }

    public Guid? ActorId { get; set; }

    public string What { get; set; } = "";
}

/// <summary>Kept for tax law: the subject's invoices lose their personal data and their link, but stay.</summary>
[Erasure(ErasureAction.Retain, Reason = "Invoices are kept ten years (tax law)")]
public sealed class Invoice
{
    public int Id { get; set; }

    public Guid? CustomerId { get; set; }

    [PersonalData] public string BillingName { get; set; } = "";

    [PersonalData(Searchable = true, Normalize = Normalization.Email)] public string? BillingEmail { get; set; }

    public decimal Amount { get; set; }

    public BillingAddress BillingAddress { get; set; } = new();

    public InvoiceContact Contact { get; set; } = new();
}

/// <summary>Owned by an invoice: a retained row's owned personal data is made neutral too.</summary>
[Owned]
public sealed class BillingAddress
{
    [PersonalData] public string Street { get; set; } = "";

    [PersonalData(Encrypt = false)] public string? City { get; set; }
}

/// <summary>A complex type of an invoice, with personal data in its columns.</summary>
public sealed class InvoiceContact
{
    [PersonalData(Encrypt = false)] public string Phone { get; set; } = "";

    public bool Reachable { get; set; }
}

/// <summary>Retained, in a TPT hierarchy: anonymizing a row takes an update of each of its tables.</summary>
[Erasure(ErasureAction.Retain, Reason = "Shipping records are kept six years (commercial law)")]
public class Shipment
{
    public int Id { get; set; }

    public Guid? RecipientId { get; set; }

    [PersonalData(Encrypt = false)] public string RecipientName { get; set; } = "";

    public int WeightGrams { get; set; }
}

public sealed class ExpressShipment : Shipment
{
    [PersonalData(Encrypt = false)] public string? CourierNote { get; set; }
}

/// <summary>Retained, with personal data in an owned collection (its own table): EF cannot update it in bulk, so it is tracked.</summary>
[Erasure(ErasureAction.Retain, Reason = "Subscriptions are kept for the accounting year")]
public sealed class Subscription
{
    public int Id { get; set; }

    public Guid? SubscriberId { get; set; }

    public string Plan { get; set; } = "";

    public List<DeliveryAddress> Addresses { get; } = [];
}

[Owned]
public sealed class DeliveryAddress
{
    [PersonalData(Encrypt = false)] public string Line { get; set; } = "";
}

/// <summary>An inheritance hierarchy mapped to a table per type (TPT): EF cannot bulk-delete its rows.</summary>
public abstract class Device
{
    public int Id { get; set; }

    public Guid OwnerId { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>A derived type with personal data in its own table.</summary>
public sealed class Phone : Device
{
    [PersonalData] public string Number { get; set; } = "";
}

public sealed class Laptop : Device
{
    public string Hostname { get; set; } = "";
}

/// <summary>An inheritance hierarchy mapped to a table per concrete type (TPC): each leaf is its own table.</summary>
public abstract class PaymentMethod
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public string Nickname { get; set; } = "";
}

public sealed class Card : PaymentMethod
{
    [PersonalData] public string Holder { get; set; } = "";

    public string Last4 { get; set; } = "";
}

public sealed class BankAccount : PaymentMethod
{
    [PersonalData(Encrypt = false)] public string Iban { get; set; } = "";
}

/// <summary>Shares its table with <see cref="ProfileDetails"/> (table splitting): one row holds both.</summary>
public sealed class Profile
{
    public int Id { get; set; }

    public Guid AccountId { get; set; }

    public string Handle { get; set; } = "";

    public ProfileDetails? Details { get; set; }
}

/// <summary>The other half of a profile's row.</summary>
public sealed class ProfileDetails
{
    public int Id { get; set; }

    [PersonalData] public string Bio { get; set; } = "";

    public string Website { get; set; } = "";
}

public sealed class ErasureContext(DbContextOptions<ErasureContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Pet> Pets => Set<Pet>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();

    public DbSet<Profile> Profiles => Set<Profile>();

    public DbSet<ProfileDetails> ProfileDetails => Set<ProfileDetails>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().HasOne<Account>().WithMany().HasForeignKey(a => a.InvitedById).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Post>().HasOne<Account>().WithMany(a => a.Posts).HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Post>().HasOne<Account>().WithMany().HasForeignKey(p => p.LastEditorId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Post>().HasQueryFilter(p => !p.IsDeleted);
        modelBuilder.Entity<Comment>().HasOne<Post>().WithMany(p => p.Comments).HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Comment>().HasOne<Comment>().WithMany().HasForeignKey(c => c.ReplyToId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Order>().ComplexProperty(o => o.Parcel);
        modelBuilder.Entity<Account>().HasMany(a => a.Orders).WithOne().HasForeignKey("AccountId").OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Pet>().HasDiscriminator<string>("Kind").HasValue<Dog>("dog").HasValue<Cat>("cat");
        modelBuilder.Entity<Dog>().Property<string>(Dog.Breed);
        modelBuilder.Entity<Account>().OwnsOne(a => a.Home).Property<string>(Address.Country);
        modelBuilder.Entity<Pet>().HasOne<Account>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<AuditEntry>().HasOne<Account>().WithMany().HasForeignKey(a => a.ActorId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().HasOne<Account>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Invoice>().ComplexProperty(i => i.Contact);
        modelBuilder.Entity<Shipment>().UseTptMappingStrategy().HasOne<Account>().WithMany().HasForeignKey(s => s.RecipientId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<ExpressShipment>().ToTable("ExpressShipments");
        modelBuilder.Entity<Subscription>().HasOne<Account>().WithMany().HasForeignKey(s => s.SubscriberId).OnDelete(DeleteBehavior.Restrict);
        // A key of its own, which SQLite can generate (it cannot generate part of a composite key).
        modelBuilder.Entity<Subscription>().OwnsMany(s => s.Addresses, a => a.ToTable("DeliveryAddresses").HasKey("Id"));
        modelBuilder.Entity<Device>().UseTptMappingStrategy().HasOne<Account>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Phone>().ToTable("Phones");
        modelBuilder.Entity<Laptop>().ToTable("Laptops");
        modelBuilder.Entity<PaymentMethod>().UseTpcMappingStrategy().HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Card>().ToTable("Cards");
        modelBuilder.Entity<BankAccount>().ToTable("BankAccounts");
        modelBuilder.Entity<Profile>().ToTable("Profiles").HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Profile>().HasOne(p => p.Details).WithOne().HasForeignKey<ProfileDetails>(d => d.Id);
        modelBuilder.Entity<ProfileDetails>().ToTable("Profiles");
    }
}
