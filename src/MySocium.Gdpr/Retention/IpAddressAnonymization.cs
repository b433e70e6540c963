namespace MySocium.Gdpr.Retention;

/// <summary>What anonymization leaves of an IP address.</summary>
public enum IpAddressAnonymization
{
    /// <summary>The network prefix: by default an IPv4 address's /24 and an IPv6 address's /48, the rest zeroed.</summary>
    Truncate,

    /// <summary>Nothing: the column is set to null.</summary>
    Drop,
}
