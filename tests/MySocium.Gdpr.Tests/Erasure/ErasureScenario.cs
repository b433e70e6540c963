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
            new Invoice { CustomerId = adaId, BillingName = "Ada Lovelace", BillingEmail = "ada@example.org", Amount = 100m },
            new Invoice { CustomerId = graceId, BillingName = "Grace Hopper", BillingEmail = "grace@example.org", Amount = 250m });
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
        (await db.Invoices.OrderBy(i => i.Id).Select(i => new { i.BillingName, HasCustomer = i.CustomerId != null, i.Amount }).ToListAsync())
            .Select(i => (i.BillingName, i.HasCustomer, i.Amount)).ToList());

    public sealed record Snapshot(
        List<string> Accounts, List<string> Posts, List<string> Comments, List<string> Orders, List<string> Pets, List<string> Tags, int PostTags,
        List<(string, bool)> Audit, Guid? GraceInvitedBy, Guid? GracePostLastEditor, List<(string, bool, decimal)> Invoices);
}
