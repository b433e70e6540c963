using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>
/// A successful login, kept for the account's security (spotting logins the user did not make).
/// The user agent is stored only as a hash: enough to compare devices, not to read them. The IP
/// address is truncated and the event deleted on the schedule in <c>Gdpr:Retention:Entities:LoginEvent</c>.
/// </summary>
[Retention(nameof(OccurredAt), IpAddresses = [nameof(IpAddress)])]
public sealed class LoginEvent
{
    /// <summary>Gets or sets the event's id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the id of the user who logged in.</summary>
    public Guid UserId { get; set; }

    /// <summary>Gets or sets when the login happened, in UTC.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>Gets or sets the client's IP address, when known.</summary>
    [PersonalData(Purpose = "Security of your account", LegalBasis = LegalBasis.LegitimateInterests, Category = PersonalDataCategory.Network)]
    public string? IpAddress { get; set; }

    /// <summary>Gets or sets the lower-case hex keyed hash of the client's <c>User-Agent</c> header (see <see cref="GdprLoginEvent"/>), when it sent one.</summary>
    [PersonalData(Encrypt = false, Purpose = "Recognising your devices when checking sign-ins", LegalBasis = LegalBasis.LegitimateInterests, Category = PersonalDataCategory.Network)]
    public string? UserAgentHash { get; set; }
}
