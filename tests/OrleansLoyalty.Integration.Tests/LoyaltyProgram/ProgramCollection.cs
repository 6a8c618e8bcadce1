using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>A gateway and cluster of their own for tests that replace the program: other collections keep the shipped default.</summary>
public sealed class ProgramFixture : GatewayFixture;

[CollectionDefinition(Name)]
public sealed class ProgramCollection : ICollectionFixture<ProgramFixture>
{
    public const string Name = "program";
}
