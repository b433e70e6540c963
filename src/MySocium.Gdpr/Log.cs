using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr;

/// <summary>The library's log messages. None carries personal data or key material.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created data key {KeyId} ({Purpose}).")]
    public static partial void DataKeyCreated(ILogger logger, int keyId, DataKeyPurpose purpose);

    [LoggerMessage(2, LogLevel.Information, "Loaded {Count} data keys; new values are encrypted under key {CurrentKeyId}.")]
    public static partial void DataKeysLoaded(ILogger logger, int count, uint currentKeyId);
}
