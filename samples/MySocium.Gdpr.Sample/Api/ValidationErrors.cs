using System.Diagnostics.CodeAnalysis;

namespace MySocium.Gdpr.Sample.Api;

/// <summary>
/// Collects what is wrong with a request, keyed by the JSON field name, for a
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.ValidationProblem"/>. Messages never quote the input.
/// </summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public void Add(string field, string message)
        => _errors[field] = _errors.TryGetValue(field, out var messages) ? [.. messages, message] : [message];

    /// <summary>Adds "Enter …" when <paramref name="value"/> is blank and returns whether it was present.</summary>
    public bool Require(string field, [NotNullWhen(true)] string? value, string what)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        Add(field, $"Enter {what}.");
        return false;
    }
}
