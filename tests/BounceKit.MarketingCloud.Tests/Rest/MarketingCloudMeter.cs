namespace BounceKit.MarketingCloud.Tests.Rest;

/// <summary>Tests that listen to the process-wide <c>BounceKit</c> meter run alone, so other tests' requests and
/// retries do not show up in their measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MarketingCloudMeter
{
    public const string Name = "BounceKit meter (Marketing Cloud REST)";
}
