using System.ComponentModel.DataAnnotations;

namespace MySocium.Gdpr;

/// <summary>
/// <see cref="RangeAttribute"/> whose <see cref="ValidationAttribute.ErrorMessage"/> reaches the start-up
/// error: the options validator generator replaces <c>[Range]</c> with its own copy, which drops the
/// message and names the property by its C# path instead of its configuration key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SettingRangeAttribute : ValidationAttribute
{
    private readonly RangeAttribute _range;

    public SettingRangeAttribute(int minimum, int maximum) => _range = new RangeAttribute(minimum, maximum);

    public SettingRangeAttribute(Type type, string minimum, string maximum)
        => _range = new RangeAttribute(type, minimum, maximum) { ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true };

    public override bool IsValid(object? value) => _range.IsValid(value);
}
