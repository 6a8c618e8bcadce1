using System.Security.Cryptography;
using System.Text;

namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>
/// Member ids are 'm' plus 32 lower-case hex digits: the non-hex prefix keeps Orleans from reading
/// the key as a GUID (dotnet/orleans#9706), and the fixed shape lets the gateway reject junk early.
/// </summary>
public static class MemberId
{
    public static string New() => "m" + Guid.NewGuid().ToString("N");

    /// <summary>The id an enrolment with this idempotency key always gets, so a retried enrolment finds its member.</summary>
    public static string ForEnrolmentKey(string idempotencyKey) =>
        "m" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("enrol:" + idempotencyKey)))[..32];

    public static bool IsWellFormed(string? value) =>
        value is { Length: 33 } && value[0] == 'm' && value.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;
}
