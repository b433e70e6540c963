using System.Net;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>What a detach or retain step writes: the reference set to null, and for retained rows every personal value made neutral.</summary>
internal static class ErasureValues
{
    public static IReadOnlyList<(IReadOnlyProperty Property, object? Value)> For(ErasureDetach detach)
    {
        var values = detach.ForeignKey.Properties.Select(p => ((IReadOnlyProperty)p, (object?)null)).ToList();
        if (detach.RetainReason is null)
        {
            return values;
        }

        var entity = detach.ForeignKey.DeclaringEntityType;
        foreach (var property in entity.GetProperties())
        {
            if (property.IsKey() || property.IsForeignKey() || PersonalDataDescriptor.For(property) is null)
            {
                continue;
            }

            values.Add((property, Neutral(property)));
            if (property.FindAnnotation(GdprAnnotationNames.BlindIndex)?.Value is string shadow)
            {
                values.Add((entity.FindProperty(shadow)!, null));
            }
        }

        return values;
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
