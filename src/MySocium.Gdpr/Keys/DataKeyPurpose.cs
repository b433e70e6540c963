namespace MySocium.Gdpr.Keys;

/// <summary>What a stored data key is for; bound into its wrapping so one cannot pass for the other.</summary>
internal enum DataKeyPurpose : byte
{
    /// <summary>Encrypts values; rotated.</summary>
    Encryption = 1,

    /// <summary>Keys the blind indexes; kept, since rotating it means recomputing every index.</summary>
    BlindIndex = 2,

    /// <summary>The root key itself, protected by ASP.NET Core Data Protection (<see cref="DataProtectionRootKeyProvider"/>).</summary>
    ProtectedRootKey = 3,
}
