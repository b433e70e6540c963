using System.ComponentModel.DataAnnotations;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Encryption;

/// <summary>Checks that a configured root key is Base64 of exactly 32 bytes, without echoing it.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RootKeyFormatAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not string text || RootKey.TryParse(text, out _)
            ? ValidationResult.Success
            : new ValidationResult(
                $"Gdpr:Encryption:RootKey must be {RootKey.Size} random bytes in Base64 (44 characters, e.g. from 'openssl rand -base64 32'); the configured value is not.",
                [validationContext.MemberName ?? nameof(GdprEncryptionOptions.RootKey)]);
}
