using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Inventory;

/// <summary>
/// Data minimization at start: a property that looks like personal data (by name or type) but carries
/// no annotation, and personal data without a purpose, are reported, or stop the start in strict mode.
/// </summary>
internal sealed partial class MinimizationCheck(IServiceProvider services, IOptions<GdprOptions> options, ILogger<MinimizationCheck> logger) : IHostStartingService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var findings = Findings(GdprStore.Resolve(services, scope.ServiceProvider).Model);
        foreach (var finding in findings)
        {
            Log.MinimizationFinding(logger, finding);
        }

        if (findings.Count > 0 && options.Value.Inventory.StrictMinimization)
        {
            throw new InvalidOperationException(
                $"Gdpr:Inventory:StrictMinimization is on and the model has {findings.Count} finding(s): {string.Join(" ", findings)} "
                + "Annotate personal data with [PersonalData(Purpose = ...)], or turn the strict mode off.");
        }

        return Task.CompletedTask;
    }

    /// <summary>What a model shows: one sentence per property, naming entity and property, never a value.</summary>
    internal static List<string> Findings(IModel model)
    {
        var findings = new List<string>();
        foreach (var entityType in model.GetEntityTypes().Where(e => !LibraryStores.IsLibraryType(e.ClrType)))
        {
            foreach (var property in entityType.GetDeclaredProperties())
            {
                var personal = PersonalDataDescriptor.For(property);
                var name = $"{entityType.DisplayName()}.{property.Name}";
                if (personal is null && LooksPersonal(property))
                {
                    findings.Add($"{name} looks like personal data but is not annotated.");
                }
                else if (personal is not null && string.IsNullOrWhiteSpace(personal.Purpose))
                {
                    findings.Add($"{name} is personal data without a purpose.");
                }
            }
        }

        return findings;
    }

    /// <summary>Names and types that hold personal data, unless a key, a blind index or an excluded credential.</summary>
    private static bool LooksPersonal(IProperty property)
        => !property.IsKey()
            && !property.IsForeignKey()
            && property.FindAnnotation(GdprAnnotationNames.BlindIndexOf) is null
            && !ExportExclusions.IsExcluded(property)
            && (property.ClrType == typeof(IPAddress) || PersonalName().IsMatch(property.Name));

    [GeneratedRegex(
        "(^|[a-z])(E?[Mm]ail|Phone|Mobile|Address|Street|City|PostCode|Postcode|ZipCode|Zip|Ip|IpAddress|Birth|BirthDate|DateOfBirth|Dob|FirstName|LastName|Surname|FullName|GivenName|FamilyName|Ssn|Iban|Passport|Latitude|Longitude)([A-Z]|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex PersonalName();
}
