namespace OrleansLoyalty.Integration.Tests.Hosting;

/// <summary>The shape the spine promises: the gateway is a client of grain interfaces, and storage is no grain.</summary>
public sealed class ProjectDependencyTests
{
    [Fact]
    public void The_gateway_depends_on_grain_interfaces_and_never_on_grain_implementations()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("OrleansLoyalty.GrainInterfaces", references);
        Assert.DoesNotContain("OrleansLoyalty.Grains", references);
    }

    [Fact]
    public void Storage_code_knows_nothing_of_grains()
    {
        var references = typeof(OrleansLoyalty.Storage.Ledger.MemberEventStore).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain("OrleansLoyalty.Grains", references);
    }
}
