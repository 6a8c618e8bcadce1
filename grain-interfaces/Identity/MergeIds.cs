using System.Security.Cryptography;
using System.Text;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>Merge ids: 'g' and 32 hex digits (never hex-like as a whole, dotnet/orleans#9706), derived from the request.</summary>
public static class MergeIds
{
    /// <summary>The same request (survivor, absorbed member, idempotency key) always names the same merge, so a retry finds it.</summary>
    public static string For(string survivorId, string absorbedId, string idempotencyKey) =>
        "g" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"merge:{survivorId}:{absorbedId}:{idempotencyKey}")))[..32];
}
