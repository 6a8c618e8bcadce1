namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>
/// A member's stream could not be read (storage unreachable) so no answer can be given now; the caller
/// may retry. The grain stays healthy: it reads the stream again on the next call.
/// </summary>
[GenerateSerializer]
[Alias("OrleansLoyalty.MemberUnavailableException")]
public sealed class MemberUnavailableException : Exception
{
    public MemberUnavailableException()
    {
    }

    public MemberUnavailableException(string message) : base(message)
    {
    }

    public MemberUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
