namespace BounceKit.MarketingCloud;

/// <summary>What an upsert of data extension rows did, batch by batch.</summary>
/// <remarks>Rows go in batches of at most <see cref="MarketingCloudClient.MaxUpsertBatchSize"/>; a failed batch is
/// listed in <see cref="FailedBatches"/> and the batches after it are still sent.</remarks>
public sealed class DataExtensionUpsertResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="batches">How many batches were sent.</param>
    /// <param name="rowsWritten">How many rows Marketing Cloud accepted.</param>
    /// <param name="failedBatches">The batches that failed.</param>
    public DataExtensionUpsertResult(int batches, int rowsWritten, IReadOnlyList<DataExtensionBatchFailure> failedBatches)
    {
        ArgumentNullException.ThrowIfNull(failedBatches);
        Batches = batches;
        RowsWritten = rowsWritten;
        FailedBatches = failedBatches;
    }

    /// <summary>How many batches were sent.</summary>
    public int Batches { get; }

    /// <summary>How many rows Marketing Cloud accepted.</summary>
    public int RowsWritten { get; }

    /// <summary>The batches that failed, in order; empty when every row was written.</summary>
    public IReadOnlyList<DataExtensionBatchFailure> FailedBatches { get; }

    /// <summary>How many rows were not written.</summary>
    public int RowsFailed => FailedBatches.Sum(f => f.Rows.Count);

    /// <summary>Whether every batch was written.</summary>
    public bool Succeeded => FailedBatches.Count == 0;
}
