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
internal sealed record PersonalDataDescriptor(
    bool Encrypt,
    bool Searchable,
    Normalization Normalize,
    Type? Normalizer,
    string? Purpose,
    PersonalDataStorage Storage,
    LegalBasis LegalBasis = LegalBasis.Unspecified,
    PersonalDataCategory Category = PersonalDataCategory.Unspecified,
    IReadOnlyList<string>? Recipients = null)
{
    /// <summary>What Identity's user properties are for, so an Identity model's inventory is complete without annotations.</summary>
    private static readonly Dictionary<string, (string Purpose, PersonalDataCategory Category)> IdentityUserProperties = new(StringComparer.Ordinal)
    {
        [nameof(IdentityUser.Id)] = ("Identifying your account", PersonalDataCategory.Identity),
        [nameof(IdentityUser.UserName)] = ("Signing in to your account", PersonalDataCategory.Identity),
        [nameof(IdentityUser.NormalizedUserName)] = ("Finding your account when you sign in", PersonalDataCategory.Identity),
        [nameof(IdentityUser.Email)] = ("Signing in, and messages about your account", PersonalDataCategory.Contact),
        [nameof(IdentityUser.NormalizedEmail)] = ("Finding your account by email address", PersonalDataCategory.Contact),
        [nameof(IdentityUser.EmailConfirmed)] = ("Knowing that the email address is yours", PersonalDataCategory.Contact),
        [nameof(IdentityUser.PhoneNumber)] = ("Two-factor sign-in and account recovery", PersonalDataCategory.Contact),
        [nameof(IdentityUser.PhoneNumberConfirmed)] = ("Knowing that the phone number is yours", PersonalDataCategory.Contact),
        [nameof(IdentityUser.TwoFactorEnabled)] = ("Protecting your account with a second factor", PersonalDataCategory.Authentication),
    };

    public static PersonalDataDescriptor? For(IReadOnlyProperty property)
    {
        MemberInfo? member = property.PropertyInfo ?? (MemberInfo?)property.FieldInfo;
        if (member is null)
        {
            return null;
        }

        if (member.GetCustomAttribute<PersonalDataAttribute>(inherit: true) is { } ours)
        {
            return new PersonalDataDescriptor(ours.Encrypt, ours.Searchable, ours.Normalize, ours.Normalizer, ours.Purpose, ours.Storage, ours.LegalBasis, ours.Category, ours.Recipients);
        }

        if (IdentityRelatedProperty(member) is { } related)
        {
            return related;
        }

        var (purpose, category) = IsIdentityUserMember(member) && IdentityUserProperties.TryGetValue(member.Name, out var known) ? known : (null, PersonalDataCategory.Unspecified);
        var basis = purpose is null ? LegalBasis.Unspecified : LegalBasis.Contract;
        if (member.GetCustomAttribute<IdentityPersonalDataAttribute>(inherit: true) is { } identity)
        {
            return new PersonalDataDescriptor(identity is IdentityProtectedPersonalDataAttribute, false, Normalization.None, null, purpose, PersonalDataStorage.Binary, basis, category);
        }

        // Identity protects UserName and Email but looks users up by their normalized copies, which
        // would otherwise keep both readable: they become searchable encrypted values.
        return IsIdentityNormalizedLookup(member)
            ? new PersonalDataDescriptor(true, true, Normalization.None, null, purpose, PersonalDataStorage.Binary, basis, category)
            : null;
    }

    /// <summary>Identity's claims, external logins and tokens hold personal data without saying so: described here, not encrypted.</summary>
    private static PersonalDataDescriptor? IdentityRelatedProperty(MemberInfo member)
    {
        var declaring = member.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericTypeDefinition() : null;
        (string Purpose, PersonalDataCategory Category)? known = (declaring, member.Name) switch
        {
            _ when declaring == typeof(IdentityUserClaim<>) && member.Name is nameof(IdentityUserClaim<string>.ClaimType) or nameof(IdentityUserClaim<string>.ClaimValue)
                => ("Facts about you that your sign-in carries", PersonalDataCategory.Identity),
            _ when declaring == typeof(IdentityUserLogin<>) && member.Name is nameof(IdentityUserLogin<string>.ProviderKey) or nameof(IdentityUserLogin<string>.ProviderDisplayName)
                => ("Signing in with your account elsewhere", PersonalDataCategory.Authentication),
            _ when declaring == typeof(IdentityUserToken<>) && member.Name is nameof(IdentityUserToken<string>.Value)
                => ("Your authenticator key, recovery codes and sign-in tokens", PersonalDataCategory.Authentication),
            _ => null,
        };
        return known is { } k ? new PersonalDataDescriptor(false, false, Normalization.None, null, k.Purpose, PersonalDataStorage.Binary, LegalBasis.Contract, k.Category) : null;
    }

    private static bool IsIdentityUserMember(MemberInfo member)
        => member.DeclaringType is { IsGenericType: true } declaring && declaring.GetGenericTypeDefinition() == typeof(IdentityUser<>);

    private static bool IsIdentityNormalizedLookup(MemberInfo member)
        => member.Name is nameof(IdentityUser.NormalizedUserName) or nameof(IdentityUser.NormalizedEmail) && IsIdentityUserMember(member);
}
