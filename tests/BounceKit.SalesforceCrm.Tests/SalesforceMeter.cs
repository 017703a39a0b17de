namespace BounceKit.SalesforceCrm.Tests;

/// <summary>Tests that listen to the process-wide <c>BounceKit</c> meter run alone, so other tests' requests and
/// retries do not show up in their measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SalesforceMeter
{
    public const string Name = "BounceKit meter (Salesforce CRM)";
}
