using System.ComponentModel.DataAnnotations;

namespace MySocium.Gdpr.Encryption;

/// <summary>Fails start, rather than the first write, when the chosen algorithm cannot run on this machine.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SupportedAlgorithmAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not GdprEncryptionAlgorithm algorithm || !Enum.IsDefined(algorithm) || AeadAlgorithms.IsSupported(algorithm)
            ? ValidationResult.Success
            : new ValidationResult(
                $"Gdpr:Encryption:Algorithm is {algorithm}, which this machine cannot run (it has no AES instructions); choose Aegis256 or XChaCha20Poly1305.",
                [validationContext.MemberName ?? nameof(GdprEncryptionOptions.Algorithm)]);
}
