using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// The erasure plan of a model, and the subject id checked against it. Erasure and export both
/// start here, so they reach exactly the same rows. A plan is built once per model.
/// </summary>
internal sealed class ErasurePlans(IServiceProvider services)
{
    private static readonly ConditionalWeakTable<IModel, ErasurePlan> Plans = new();

    public ErasurePlan For(IModel model) => Plans.GetValue(model, m => ErasurePlan.Build(m, SubjectType(m)));

    /// <summary>Gets the plan when the subject is known (registered, or one Identity user), else null.</summary>
    public ErasurePlan? TryFor(IModel model) => TrySubjectType(model, out _) ? For(model) : null;

    /// <summary>Checks that <paramref name="subjectId"/> has the type of the subject's key.</summary>
    /// <exception cref="ArgumentException">It has another type.</exception>
    public static object SubjectId(ErasurePlan plan, object subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        var keyType = plan.SubjectKey;
        return keyType.IsInstanceOfType(subjectId)
            ? subjectId
            : throw new ArgumentException($"The subject id must be a {keyType.Name}, the type of {plan.Subject.DisplayName()}'s key; it is a {subjectId.GetType().Name}.", nameof(subjectId));
    }

    /// <summary>
    /// Builds the plan of the store context's model when a subject is known, so a model erasure
    /// cannot handle fails the host's start, not the first erasure request.
    /// </summary>
    public void Validate()
    {
        using var scope = services.CreateScope();
        var model = GdprStore.Resolve(services, scope.ServiceProvider).Model;
        if (TrySubjectType(model, out _))
        {
            For(model);
        }
    }

    private Type SubjectType(IModel model)
        => TrySubjectType(model, out var subject)
            ? subject
            : throw new InvalidOperationException(
                "MySocium.Gdpr does not know whose data to erase or export. Call AddMySociumGdpr().AddSubject<TUser>() with the app's user entity (an ASP.NET Core Identity user is found without it).");

    private bool TrySubjectType(IModel model, out Type subject)
    {
        if (services.GetService<GdprSubject>() is { } registered)
        {
            subject = registered.ClrType;
            return true;
        }

        var identityUsers = model.GetEntityTypes()
            .Where(e => e.ClrType.GetBaseTypes().Any(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IdentityUser<>)))
            .Select(e => e.ClrType)
            .Distinct()
            .ToList();
        subject = identityUsers.Count == 1 ? identityUsers[0] : typeof(object);
        return identityUsers.Count == 1;
    }
}

file static class TypeExtensions
{
    public static IEnumerable<Type> GetBaseTypes(this Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
