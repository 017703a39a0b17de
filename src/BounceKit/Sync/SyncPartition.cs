namespace BounceKit.Sync;

/// <summary>Splits subscribers between sync workers by a hash of the subscriber key that is the same in every process,
/// on every machine and in every .NET version (FNV-1a over the key's UTF-16 code units; not
/// <see cref="string.GetHashCode()"/>, which is randomised per process).</summary>
public static class SyncPartition
{
    /// <summary>The partition a subscriber belongs to.</summary>
    /// <param name="subscriberKey">The subscriber.</param>
    /// <param name="partitionCount">How many partitions there are.</param>
    /// <returns>A number from 0 to <paramref name="partitionCount"/> - 1.</returns>
    public static int Of(string subscriberKey, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(subscriberKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        uint hash = 2166136261;
        foreach (char c in subscriberKey)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
