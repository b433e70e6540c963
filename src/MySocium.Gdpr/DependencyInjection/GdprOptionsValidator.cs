using Microsoft.Extensions.Options;

namespace MySocium.Gdpr;

/// <summary>Validates <see cref="GdprOptions"/> on start, without reflection.</summary>
[OptionsValidator]
internal sealed partial class GdprOptionsValidator : IValidateOptions<GdprOptions>;
