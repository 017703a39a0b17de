namespace BounceKit.MarketingCloud;

/// <summary>One upsert batch that Marketing Cloud refused or did not answer: its rows and why.</summary>
/// <param name="BatchIndex">The batch's position, from 0, in the order the rows were given.</param>
/// <param name="Rows">The rows of the batch; none of them can be assumed written.</param>
/// <param name="Exception">The failure, after retries.</param>
public sealed record DataExtensionBatchFailure(int BatchIndex, IReadOnlyList<DataExtensionRow> Rows, MarketingCloudException Exception);
