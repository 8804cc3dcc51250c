namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>
/// One key bucket of one Silver table (key: <c>{table}/{bucket count}/{bucket}</c>, see
/// <c>SilverBucketKeys</c>): owns the data files of its bucket and the in-memory index of its keys, prepares its share
/// of a batch as files, and answers key and dimension lookups on its rows. The table's writer commits what the buckets
/// prepared as one Delta version (docs/adr/silver-key-buckets.md).
/// </summary>
public interface ISilverBucketGrain : IGrainWithStringKey
{
    /// <summary>
    /// Writes the bucket's share of a batch as files, against the table at <see cref="BucketBatch.ReadVersion"/>:
    /// unknown keys are inserts, known keys rewrite the one file that holds them. Nothing is committed.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<BucketPrepared> PrepareAsync(BucketBatch batch);

    /// <summary>Writes the change rows of the inserts prepared last, for a commit in which another bucket updated rows.</summary>
    [ResponseTimeout("00:10:00")]
    Task<IReadOnlyList<PreparedFile>> WriteInsertChangesAsync(long readVersion);

    /// <summary>The writer committed what this bucket prepared against <paramref name="readVersion"/> as <paramref name="committedVersion"/>.</summary>
    Task CommittedAsync(long readVersion, long committedVersion);

    /// <summary>Which of <paramref name="keys"/> the table holds in this bucket now.</summary>
    [ResponseTimeout("00:10:00")]
    Task<IReadOnlyList<bool>> ContainsAsync(IReadOnlyList<string> keys);

    /// <summary>
    /// Per first-key value and in its order, the values of the table's served columns (<c>SilverTable.ServedColumns</c>)
    /// as committed at <paramref name="readVersion"/>, or null when the table does not hold the key. The answer is null
    /// when the table is not at that version (it moved on, or was replaced): the caller reads the version again.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<IReadOnlyList<object?[]?>?> ServedAsync(long readVersion, IReadOnlyList<string> keys);

    /// <summary>
    /// The bucket's rows whose string column <paramref name="column"/> holds a value whose 64-bit hash
    /// (<c>DimensionValueIndex.Hash</c>) is one of <paramref name="valueHashes"/>: every bucket gets the whole list, so
    /// hashes (8 bytes each, hashed once by the caller) travel instead of the strings.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<SilverRows> FindAsync(string column, ulong[] valueHashes);
}
