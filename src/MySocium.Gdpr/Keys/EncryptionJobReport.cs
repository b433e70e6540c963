namespace MySocium.Gdpr.Keys;

/// <summary>What a re-encryption or migration run did, per encrypted property.</summary>
/// <param name="Columns">One entry per encrypted column.</param>
public sealed record EncryptionJobReport(IReadOnlyList<EncryptionJobColumnReport> Columns)
{
    /// <summary>Gets how many stored values needed rewriting (in a dry run: would have been rewritten).</summary>
    public long Pending => Columns.Sum(c => c.Pending);

    /// <summary>Gets how many stored values were rewritten.</summary>
    public long Rewritten => Columns.Sum(c => c.Rewritten);

    /// <summary>Gets how many rows were read, each row once however many encrypted columns it has.</summary>
    public long RowsScanned { get; init; }
}

/// <summary>What a run did to one encrypted column.</summary>
/// <param name="Entity">The entity type.</param>
/// <param name="Property">The property.</param>
/// <param name="Scanned">Rows read.</param>
/// <param name="Pending">Values that needed rewriting.</param>
/// <param name="Rewritten">Values rewritten; fewer than pending in a dry run, or when the application kept changing a row meanwhile.</param>
public sealed record EncryptionJobColumnReport(string Entity, string Property, long Scanned, long Pending, long Rewritten);
