using System.Net;
using System.Net.Sockets;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now, so parallel hosts don't collide on the defaults.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
