using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Export;

/// <summary>The properties an export leaves out: those marked <see cref="ExcludeFromExportAttribute"/>, and Identity's credentials.</summary>
internal static class ExportExclusions
{
    private static readonly string[] IdentityUserSecrets = [nameof(IdentityUser.PasswordHash), nameof(IdentityUser.SecurityStamp), nameof(IdentityUser.ConcurrencyStamp)];

    public static bool IsExcluded(IReadOnlyProperty property)
    {
        if ((property.PropertyInfo ?? (MemberInfo?)property.FieldInfo) is not { } member)
        {
            return false;
        }

        if (member.GetCustomAttribute<ExcludeFromExportAttribute>(inherit: true) is not null)
        {
            return true;
        }

        var declaring = member.DeclaringType;
        var definition = declaring is { IsGenericType: true } ? declaring.GetGenericTypeDefinition() : declaring;
        return (definition == typeof(IdentityUser<>) && IdentityUserSecrets.Contains(member.Name, StringComparer.Ordinal))
            || (definition == typeof(IdentityUserToken<>) && member.Name == nameof(IdentityUserToken<string>.Value));
    }
}
