namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes: the only way tests wait.</summary>
public static class Eventually
{
    public static async Task<T> Succeeds<T>(Func<Task<T>> attempt, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await attempt();
            }
            // An assertion inside the attempt is polled like any other failure: what it checks may not hold yet.
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new TimeoutException($"{what} did not succeed within {timeout}.", e);
            }
        }
    }

    /// <summary>Polls until <paramref name="condition"/> is true, or fails after <paramref name="timeout"/>.</summary>
    public static Task Holds(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Succeeds(async () => await condition() ? true : throw new InvalidOperationException($"{what} does not hold yet"), timeout, what);
}
