using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Reads subjects' addresses from the subject entity (the one erasure starts at): ASP.NET Core
/// Identity's <c>Email</c> and <c>UserName</c>, or the property marked
/// <c>[PersonalData(Normalize = Normalization.Email)]</c>. Encrypted addresses come decrypted.
/// </summary>
internal sealed class SubjectDirectory(ErasurePlans plans)
{
    private readonly ConcurrentDictionary<IEntityType, Accessor?> _accessors = new();

    /// <summary>Finds a subject's address and name; null when the subject is gone or has no address property.</summary>
    public Task<SubjectRecipient?> FindAsync(DbContext db, object subjectId, CancellationToken cancellationToken)
        => For(db) is { } accessor ? accessor.FindAsync(db, subjectId, cancellationToken) : Task.FromResult<SubjectRecipient?>(null);

    /// <summary>Reads up to <paramref name="count"/> subjects in key order, after the one whose key is <paramref name="after"/>.</summary>
    /// <exception cref="InvalidOperationException">The subject entity has no address property.</exception>
    public Task<List<SubjectRecipient>> PageAsync(DbContext db, string? after, int count, CancellationToken cancellationToken)
        => (For(db) ?? throw new InvalidOperationException(
                $"MySocium.Gdpr cannot tell which property of {plans.For(db.Model).Subject.DisplayName()} holds the email address, so it cannot send policy notices. Mark it [PersonalData(Normalize = Normalization.Email)]."))
            .PageAsync(db, after, count, cancellationToken);

    private Accessor? For(DbContext db) => _accessors.GetOrAdd(plans.For(db.Model).Subject, Build);

    private static Accessor? Build(IEntityType subject)
    {
        var key = subject.FindPrimaryKey()!.Properties[0];
        var identity = IdentityUserType.Is(subject.ClrType);
        var email = identity
            ? subject.FindProperty(nameof(IdentityUser.Email))
            : subject.GetProperties().SingleOrDefault(p => p.ClrType == typeof(string) && p.PropertyInfo?.GetCustomAttribute<PersonalDataAttribute>() is { Normalize: Normalization.Email });
        if (email is null)
        {
            return null;
        }

        if (!typeof(IComparable<>).MakeGenericType(key.ClrType).IsAssignableFrom(key.ClrType))
        {
            throw new InvalidOperationException($"The key of {subject.DisplayName()} ({key.ClrType.Name}) cannot be ordered, so notices cannot be sent in resumable batches.");
        }

        var name = identity ? subject.FindProperty(nameof(IdentityUser.UserName))?.Name : null;
        var type = typeof(Accessor<,>).MakeGenericType(subject.ClrType, key.ClrType);
        return (Accessor)Activator.CreateInstance(type, key.Name, email.Name, name)!;
    }

    private abstract class Accessor
    {
        public abstract Task<SubjectRecipient?> FindAsync(DbContext db, object subjectId, CancellationToken cancellationToken);

        public abstract Task<List<SubjectRecipient>> PageAsync(DbContext db, string? after, int count, CancellationToken cancellationToken);
    }

    private sealed class Accessor<TEntity, TKey>(string key, string email, string? name) : Accessor
        where TEntity : class
        where TKey : IComparable<TKey>
    {
        public override async Task<SubjectRecipient?> FindAsync(DbContext db, object subjectId, CancellationToken cancellationToken)
        {
            var id = (TKey)subjectId;
            var rows = await Project(Subjects(db).Where(e => EF.Property<TKey>(e, key).Equals(id))).ToListAsync(cancellationToken);
            return rows.Select(Recipient).SingleOrDefault();
        }

        public override async Task<List<SubjectRecipient>> PageAsync(DbContext db, string? after, int count, CancellationToken cancellationToken)
        {
            var subjects = Subjects(db);
            if (after is not null)
            {
                var last = (TKey)TypeDescriptor.GetConverter(typeof(TKey)).ConvertFromInvariantString(after)!;
                subjects = subjects.Where(e => EF.Property<TKey>(e, key).CompareTo(last) > 0);
            }

            var rows = await Project(subjects.OrderBy(e => EF.Property<TKey>(e, key)).Take(count)).ToListAsync(cancellationToken);
            return [.. rows.Select(Recipient)];
        }

        private static IQueryable<TEntity> Subjects(DbContext db) => db.Set<TEntity>().AsNoTracking().IgnoreQueryFilters();

        // Without a name property the email is selected twice and the copy ignored: one query shape for both cases.
        private IQueryable<Row> Project(IQueryable<TEntity> subjects)
            => subjects.Select(e => new Row(EF.Property<TKey>(e, key), EF.Property<string?>(e, email), EF.Property<string?>(e, name ?? email)));

        private SubjectRecipient Recipient(Row row)
            => new(row.Id, Convert.ToString(row.Id, CultureInfo.InvariantCulture)!, row.Email, name is null ? null : row.Name);

        private sealed record Row(TKey Id, string? Email, string? Name);
    }
}

/// <summary>A subject's key, address and name.</summary>
internal sealed record SubjectRecipient(object Id, string Key, string? Email, string? Name);
