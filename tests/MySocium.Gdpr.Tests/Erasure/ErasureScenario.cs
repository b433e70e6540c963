using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>
/// Two subjects with data in every shape of the erasure model, and a snapshot of everything, so
/// a test can tell exactly what an erasure changed. Provider-neutral: SQLite and PostgreSQL tests share it.
/// </summary>
public static class ErasureScenario
{
    public static async Task SeedAsync(ErasureContext db, Guid adaId, Guid graceId)
    {
        var ada = new Account { Id = adaId, Name = "Ada", Home = new Address { Street = "12 St James's Square" } };
        var grace = new Account { Id = graceId, Name = "Grace", InvitedById = adaId, Home = new Address { Street = "1 Navy Yard" } };
        db.Accounts.AddRange(ada, grace);
        db.Entry(ada).Reference(a => a.Home).TargetEntry!.Property(Address.Country).CurrentValue = "GB";
        db.Entry(grace).Reference(a => a.Home).TargetEntry!.Property(Address.Country).CurrentValue = "US";
        await db.SaveChangesAsync();

        var science = new Tag { Label = "science" };
        var adaPost = new Post { AuthorId = adaId, Text = "ada's post", Tags = { science } };
        var adaDraft = new Post { AuthorId = adaId, Text = "ada's deleted post", IsDeleted = true };
        var adaThird = new Post { AuthorId = adaId, Text = "ada's other post" };
        var gracePost = new Post { AuthorId = graceId, LastEditorId = adaId, Text = "grace's post", Tags = { science } };
        db.Posts.AddRange(adaPost, adaDraft, adaThird, gracePost);
        await db.SaveChangesAsync();

        var adaComment = new Comment { PostId = adaPost.Id, Text = "ada on ada" };
        db.Comments.Add(adaComment);
        await db.SaveChangesAsync();
        db.Comments.AddRange(
            new Comment { PostId = adaPost.Id, ReplyToId = adaComment.Id, Text = "grace on ada" },
            new Comment { PostId = gracePost.Id, ReplyToId = adaComment.Id, Text = "grace on grace" });
        ada.Orders.Add(new Order { ShippingName = "Ada L.", PlacedOn = new DateOnly(1843, 9, 5), Total = 12.50m, Parcel = { WeightGrams = 1200, Carrier = "Royal Mail" } });
        grace.Orders.Add(new Order { ShippingName = "Grace H.", PlacedOn = new DateOnly(1944, 8, 7), Total = 99.99m });
        var adaDog = new Dog { OwnerId = adaId, Name = "Ada's dog", Barks = true };
        db.Pets.AddRange(adaDog, new Cat { OwnerId = adaId, Name = "Ada's cat", Lives = 7 }, new Cat { OwnerId = graceId, Name = "Grace's cat" });
        db.Entry(adaDog).Property(Dog.Breed).CurrentValue = "Pointer";
        db.AuditEntries.AddRange(new AuditEntry { ActorId = adaId, What = "ada signed in" }, new AuditEntry { ActorId = graceId, What = "grace signed in" });
        db.Invoices.AddRange(
            new Invoice
            {
                CustomerId = adaId, BillingName = "Ada Lovelace", BillingEmail = "ada@example.org", Amount = 100m,
                BillingAddress = { Street = "12 St James's Square", City = "Marylebone" }, Contact = { Phone = "+44 20 7946 0018", Reachable = true },
            },
            new Invoice
            {
                CustomerId = graceId, BillingName = "Grace Hopper", BillingEmail = "grace@example.org", Amount = 250m,
                BillingAddress = { Street = "1 Navy Yard", City = "Arlington" }, Contact = { Phone = "+1 202 555 0143", Reachable = true },
            });
        db.Shipments.AddRange(
            new ExpressShipment { RecipientId = adaId, RecipientName = "Ada at St James's", CourierNote = "Ring twice for Ada", WeightGrams = 900 },
            new Shipment { RecipientId = graceId, RecipientName = "Grace at the yard", WeightGrams = 400 });
        db.Subscriptions.AddRange(
            new Subscription { SubscriberId = adaId, Plan = "monthly", Addresses = { new DeliveryAddress { Line = "Ada's flat, Marylebone" }, new DeliveryAddress { Line = "Ada's office" } } },
            new Subscription { SubscriberId = graceId, Plan = "yearly", Addresses = { new DeliveryAddress { Line = "Grace's house, Arlington" } } });
        db.Devices.AddRange(
            new Phone { OwnerId = adaId, Label = "Ada's phone", Number = "+44 20 7946 0099" },
            new Laptop { OwnerId = adaId, Label = "Ada's laptop", Hostname = "analytical-engine" },
            new Phone { OwnerId = graceId, Label = "Grace's phone", Number = "+1 202 555 0199" });
        db.PaymentMethods.AddRange(
            new Card { AccountId = adaId, Nickname = "Ada's card", Holder = "A. Lovelace", Last4 = "1815" },
            new BankAccount { AccountId = adaId, Nickname = "Ada's bank account", Iban = "GB29 ADA0 1815 1210" },
            new Card { AccountId = graceId, Nickname = "Grace's card", Holder = "G. Hopper", Last4 = "1906" });
        db.Profiles.AddRange(
            new Profile { AccountId = adaId, Handle = "@countess", Details = new ProfileDetails { Bio = "Poetical science", Website = "ada.example" } },
            new Profile { AccountId = graceId, Handle = "@amazing-grace", Details = new ProfileDetails { Bio = "Compilers", Website = "grace.example" } });
        await db.SaveChangesAsync();
    }

    public static async Task<Snapshot> SnapshotAsync(ErasureContext db, Guid graceId) => new(
        (await db.Accounts.Select(a => a.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList(),
        await db.Posts.IgnoreQueryFilters().OrderBy(p => p.Id).Select(p => p.Text).ToListAsync(),
        await db.Comments.OrderBy(c => c.Id).Select(c => c.Text).ToListAsync(),
        await db.Orders.OrderBy(o => o.Id).Select(o => o.ShippingName).ToListAsync(),
        await db.Pets.OrderBy(p => p.Id).Select(p => p.Name).ToListAsync(),
        await db.Tags.Select(t => t.Label).ToListAsync(),
        await db.Set<Dictionary<string, object>>("PostTag").CountAsync(),
        (await db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.What, HasActor = a.ActorId != null }).ToListAsync()).Select(a => (a.What, a.HasActor)).ToList(),
        await db.Accounts.Where(a => a.Id == graceId).Select(a => a.InvitedById).SingleOrDefaultAsync(),
        await db.Posts.Where(p => p.AuthorId == graceId).Select(p => p.LastEditorId).SingleOrDefaultAsync(),
        (await db.Invoices.OrderBy(i => i.Id)
            .Select(i => new { i.BillingName, HasCustomer = i.CustomerId != null, i.Amount, i.BillingAddress.Street, i.BillingAddress.City, i.Contact.Phone }).ToListAsync())
            .Select(i => new InvoiceRow(i.BillingName, i.HasCustomer, i.Amount, i.Street, i.City, i.Phone)).ToList(),
        await db.Devices.OrderBy(d => d.Id).Select(d => d.Label).ToListAsync(),
        await db.Set<Phone>().OrderBy(p => p.Id).Select(p => p.Number).ToListAsync(),
        await db.Set<Laptop>().OrderBy(l => l.Id).Select(l => l.Hostname).ToListAsync(),
        (await db.PaymentMethods.Select(p => p.Nickname).ToListAsync()).Order(StringComparer.Ordinal).ToList(),
        (await db.Set<Card>().Select(c => c.Holder).ToListAsync()).Order(StringComparer.Ordinal).ToList(),
        await db.Set<BankAccount>().Select(b => b.Iban).ToListAsync(),
        await db.Profiles.OrderBy(p => p.Id).Select(p => p.Handle).ToListAsync(),
        (await db.ProfileDetails.OrderBy(d => d.Id).Select(d => new { d.Bio, d.Website }).ToListAsync()).Select(d => $"{d.Bio} ({d.Website})").ToList(),
        (await db.Shipments.OrderBy(s => s.Id).Select(s => new { HasRecipient = s.RecipientId != null, s.RecipientName, ((ExpressShipment)s).CourierNote, s.WeightGrams }).ToListAsync())
            .Select(s => $"{s.HasRecipient} {s.RecipientName}|{s.CourierNote}|{s.WeightGrams}").ToList(),
        (await db.Subscriptions.OrderBy(s => s.Id).ToListAsync())
            .Select(s => $"{s.SubscriberId is not null} {s.Plan}: {string.Join("; ", s.Addresses.Select(a => a.Line))}").ToList());

    /// <summary>A retained invoice's values, its owned address's and its complex contact's included.</summary>
    public sealed record InvoiceRow(string BillingName, bool HasCustomer, decimal Amount, string Street, string? City, string Phone);

    public sealed record Snapshot(
        List<string> Accounts, List<string> Posts, List<string> Comments, List<string> Orders, List<string> Pets, List<string> Tags, int PostTags,
        List<(string, bool)> Audit, Guid? GraceInvitedBy, Guid? GracePostLastEditor, List<InvoiceRow> Invoices,
        List<string> Devices, List<string> Phones, List<string> Laptops, List<string> PaymentMethods, List<string> CardHolders, List<string> Ibans,
        List<string> Profiles, List<string> ProfileDetails, List<string> Shipments, List<string> Subscriptions);
}
