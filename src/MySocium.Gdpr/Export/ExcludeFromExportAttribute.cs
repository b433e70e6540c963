namespace MySocium.Gdpr;

/// <summary>
/// Leaves a property out of the subject's export: a credential or secret (a password hash, a
/// security stamp, a token) that is about the account's security rather than data the subject gave
/// or would take elsewhere, and that a leaked export file must not expose. ASP.NET Core Identity's
/// <c>PasswordHash</c>, <c>SecurityStamp</c>, <c>ConcurrencyStamp</c> and user tokens' <c>Value</c> are
/// left out without it. Erasure still removes the property's value.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class ExcludeFromExportAttribute : Attribute;
