using System.Net;
using System.Net.Sockets;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>Finds loopback ports for servers that cannot report the port they bound themselves.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// Returns a port that was free a moment ago. Another process can take it before the caller
    /// binds it, so callers retry with a fresh port when binding fails.
    /// </summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
