namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>
/// The member was merged into another (a tombstone): the caller should send the call to <see cref="SurvivorId"/>, and
/// correct any cache that named this member. The gateway follows it, so clients see the survivor's answer.
/// </summary>
[GenerateSerializer]
[Alias("OrleansLoyalty.MemberMovedException")]
public sealed class MemberMovedException : Exception
{
    public MemberMovedException()
    {
    }

    public MemberMovedException(string message) : base(message)
    {
    }

    public MemberMovedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MemberMovedException(string memberId, string survivorId)
        : base($"Member {memberId} was merged into member {survivorId}.")
    {
        MemberId = memberId;
        SurvivorId = survivorId;
    }

    [Id(0)]
    public string MemberId { get; set; } = "";

    [Id(1)]
    public string SurvivorId { get; set; } = "";
}
