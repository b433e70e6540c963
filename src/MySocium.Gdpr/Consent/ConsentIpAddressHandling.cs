namespace MySocium.Gdpr.Consent;

/// <summary>What the consent ledger keeps of the IP address a decision came from.</summary>
public enum ConsentIpAddressHandling
{
    /// <summary>Nothing.</summary>
    Drop,

    /// <summary>The network part only: an IPv4 address to its /24, an IPv6 address to its /48.</summary>
    Truncate,
}
