namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Retired: quiet members were once found by an hourly reminder that visited 10,000 stale index entries
/// per run. Members now schedule their own re-evaluation through the durable scheduler; this grain only
/// removes the old reminder from databases that still have it, and ignores it should it fire meanwhile.
/// </summary>
public sealed class SegmentRefreshGrain : Grain, OrleansLoyalty.GrainInterfaces.Personalization.ISegmentRefreshGrain, IRemindable
{
    private const string ReminderName = "refresh-quiet-members";

    public async Task RetireSchedule()
    {
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => RetireSchedule();
}
