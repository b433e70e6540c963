using System.Net;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// A value a detach or retain step writes: <see cref="Property"/>, reached from the row through
/// <see cref="Path"/> (owned navigations and complex properties; empty for the row's own columns).
/// </summary>
internal sealed record ErasureValue(IReadOnlyList<IPropertyBase> Path, IProperty Property, object? Value)
{
    /// <summary>Gets the entity type whose rows have the value: the one declaring the first member of the path.</summary>
    public IEntityType Owner => (IEntityType)(Path.Count > 0 ? Path[0] : Property).DeclaringType;

    public string Name => string.Join(".", Path.Select(m => m.Name).Append(Property.Name));
}

/// <summary>What a detach or retain step writes: the reference set to null, and for retained rows every personal value made neutral.</summary>
internal static class ErasureValues
{
    /// <summary>The foreign key first, then (for retained rows) the personal data of the entity, its derived types, owned types and complex properties.</summary>
    public static IReadOnlyList<ErasureValue> For(ErasureDetach detach)
    {
        var values = detach.ForeignKey.Properties.Select(p => new ErasureValue([], p, null)).ToList();
        if (detach.RetainReason is null)
        {
            return values;
        }

        var entity = detach.ForeignKey.DeclaringEntityType;
        foreach (var type in entity.GetDerivedTypesInclusive())
        {
            var inherited = type == entity;
            AddPersonalData(
                values,
                type,
                inherited ? type.GetProperties() : type.GetDeclaredProperties(),
                (inherited ? type.GetNavigations() : type.GetDeclaredNavigations()).Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent),
                inherited ? type.GetComplexProperties() : type.GetDeclaredComplexProperties(),
                []);
        }

        return values;
    }

    private static void AddPersonalData(
        List<ErasureValue> values, ITypeBase type, IEnumerable<IProperty> properties, IEnumerable<INavigation> owned, IEnumerable<IComplexProperty> complex, IReadOnlyList<IPropertyBase> path)
    {
        foreach (var property in properties)
        {
            if (property.IsKey() || property.IsForeignKey() || PersonalDataDescriptor.For(property) is null)
            {
                continue;
            }

            if (path.Any(m => m is IComplexProperty { IsCollection: true }))
            {
                throw new InvalidOperationException(
                    $"{((IEntityType)path[0].DeclaringType).DisplayName()} is retained on erasure, but its personal data {string.Join(".", path.Select(m => m.Name))}.{property.Name} "
                    + "is inside a complex collection, which erasure cannot make neutral. Map it as an owned collection, or delete the rows instead of retaining them.");
            }

            values.Add(new ErasureValue(path, property, Neutral(property)));
            if (property.FindAnnotation(GdprAnnotationNames.BlindIndex)?.Value is string shadow)
            {
                values.Add(new ErasureValue(path, type.FindProperty(shadow)!, null));
            }
        }

        foreach (var navigation in owned)
        {
            var target = navigation.TargetEntityType;
            AddPersonalData(
                values, target, target.GetProperties(), target.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent), target.GetComplexProperties(), [.. path, navigation]);
        }

        foreach (var property in complex)
        {
            var target = property.ComplexType;
            AddPersonalData(values, target, target.GetProperties(), [], target.GetComplexProperties(), [.. path, property]);
        }
    }

    /// <summary>Null where allowed; otherwise the emptiest value of the type.</summary>
    private static object? Neutral(IReadOnlyProperty property) => property.IsNullable
        ? null
        : property.ClrType switch
        {
            var t when t == typeof(string) => "",
            var t when t == typeof(byte[]) => Array.Empty<byte>(),
            var t when t == typeof(IPAddress) => IPAddress.Any,
            var t => Activator.CreateInstance(t),
        };
}
