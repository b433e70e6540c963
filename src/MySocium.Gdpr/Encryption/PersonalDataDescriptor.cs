using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using IdentityPersonalDataAttribute = Microsoft.AspNetCore.Identity.PersonalDataAttribute;
using IdentityProtectedPersonalDataAttribute = Microsoft.AspNetCore.Identity.ProtectedPersonalDataAttribute;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// What the annotations on one property say about it: this library's <see cref="PersonalDataAttribute"/>,
/// or ASP.NET Core Identity's <c>[ProtectedPersonalData]</c> (encrypted) and <c>[PersonalData]</c> (not encrypted).
/// </summary>
internal sealed record PersonalDataDescriptor(bool Encrypt, bool Searchable, Normalization Normalize, Type? Normalizer, string? Purpose, PersonalDataStorage Storage)
{
    public static PersonalDataDescriptor? For(IReadOnlyProperty property)
    {
        MemberInfo? member = property.PropertyInfo ?? (MemberInfo?)property.FieldInfo;
        if (member is null)
        {
            return null;
        }

        if (member.GetCustomAttribute<PersonalDataAttribute>(inherit: true) is { } ours)
        {
            return new PersonalDataDescriptor(ours.Encrypt, ours.Searchable, ours.Normalize, ours.Normalizer, ours.Purpose, ours.Storage);
        }

        if (member.GetCustomAttribute<IdentityPersonalDataAttribute>(inherit: true) is { } identity)
        {
            return new PersonalDataDescriptor(identity is IdentityProtectedPersonalDataAttribute, false, Normalization.None, null, null, PersonalDataStorage.Binary);
        }

        // Identity protects UserName and Email but looks users up by their normalized copies, which
        // would otherwise keep both readable: they become searchable encrypted values.
        return IsIdentityNormalizedLookup(member)
            ? new PersonalDataDescriptor(true, true, Normalization.None, null, null, PersonalDataStorage.Binary)
            : null;
    }

    private static bool IsIdentityNormalizedLookup(MemberInfo member)
        => member.Name is nameof(IdentityUser.NormalizedUserName) or nameof(IdentityUser.NormalizedEmail)
            && member.DeclaringType is { IsGenericType: true } declaring
            && declaring.GetGenericTypeDefinition() == typeof(IdentityUser<>);
}
