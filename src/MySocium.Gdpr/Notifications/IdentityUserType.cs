using Microsoft.AspNetCore.Identity;

namespace MySocium.Gdpr.Notifications;

/// <summary>Recognizes ASP.NET Core Identity's user entities, whose <c>Email</c>, <c>UserName</c> and <c>PasswordHash</c> the feature reads.</summary>
internal static class IdentityUserType
{
    public static bool Is(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(IdentityUser<>))
            {
                return true;
            }
        }

        return false;
    }
}
