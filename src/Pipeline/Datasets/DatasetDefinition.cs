using Kardiaflow.Lakehouse.Schema;

namespace Kardiaflow.Pipeline.Datasets;

/// <summary>
/// One dataset (docs/data-contract.md): its raw columns with their Bronze types, its primary key, the Bronze and
/// quarantine tables it lands in, and its Silver feed (rule, table, enriched tables it refreshes). Everything that varies
/// by dataset is read from here; <see cref="DatasetCatalog"/> holds the definitions.
/// </summary>
public sealed record DatasetDefinition
{
    private readonly Dictionary<string, int> _bindingNames;

    /// <param name="name">The dataset name, also the submission subfolder (<c>patients</c>).</param>
    /// <param name="primaryKey">The raw column that identifies a record; null/empty values are quarantined.</param>
    /// <param name="rawSchema">The raw columns in the data contract's order with their Bronze types.</param>
    /// <param name="sourceAliases">
    /// Extra input names that bind to a raw column (feedback's JSON key <c>metadata</c> feeds <c>metadata_json</c>).
    /// </param>
    public DatasetDefinition(string name, string primaryKey, StructType rawSchema, IReadOnlyDictionary<string, string>? sourceAliases = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rawSchema);
        Name = name;
        PrimaryKey = primaryKey;
        RawSchema = rawSchema;
        PrimaryKeyIndex = rawSchema.IndexOf(primaryKey);
        if (PrimaryKeyIndex < 0)
        {
            throw new ArgumentException($"The primary key '{primaryKey}' is not a raw column of '{name}'.", nameof(primaryKey));
        }

        SourceAliases = sourceAliases ?? new Dictionary<string, string>();
        BronzeSchema = new StructType([.. rawSchema.Fields, .. AuditColumns.Fields]);
        _bindingNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rawSchema.Fields.Count; i++)
        {
            _bindingNames[rawSchema.Fields[i].Name] = i;
        }

        foreach (var (alias, column) in SourceAliases)
        {
            var index = rawSchema.IndexOf(column);
            if (index < 0)
            {
                throw new ArgumentException($"Alias '{alias}' names an unknown column '{column}'.", nameof(sourceAliases));
            }

            _bindingNames.TryAdd(alias, index);
        }
    }

    public string Name { get; }

    /// <summary>One line for help texts: what a record of this dataset is.</summary>
    public required string Description { get; init; }

    /// <summary>The Silver rule, table and refreshes of this dataset's feed.</summary>
    public required SilverFeed Silver { get; init; }

    /// <summary>
    /// True when Bronze's dup_pk check passes a repeated key as long as the Silver table has no duplicate key (the
    /// Silver rule resolves repeats: latest wins).
    /// </summary>
    public bool DuplicatesResolvedInSilver { get; init; }

    public string PrimaryKey { get; }

    public int PrimaryKeyIndex { get; }

    /// <summary>The raw columns with their Bronze types (docs/data-contract.md, Datasets).</summary>
    public StructType RawSchema { get; }

    public IReadOnlyDictionary<string, string> SourceAliases { get; }

    /// <summary>Raw columns followed by <see cref="AuditColumns.Fields"/>: the schema of the Bronze table and of Bronze rows.</summary>
    public StructType BronzeSchema { get; }

    public int RawColumnCount => RawSchema.Fields.Count;

    /// <summary>Width of a Bronze row (raw columns + 5 audit columns).</summary>
    public int BronzeWidth => BronzeSchema.Fields.Count;

    public static StructType QuarantineSchema => QuarantineColumns.Schema;

    /// <summary><c>bronze_patients</c>.</summary>
    public string BronzeTableName => "bronze_" + Name;

    /// <summary>Table path relative to the lake root: <c>bronze/bronze_patients</c>.</summary>
    public string BronzeTablePath => "bronze/" + BronzeTableName;

    /// <summary><c>bad_patients</c>.</summary>
    public string QuarantineTableName => "bad_" + Name;

    /// <summary>Table path relative to the lake root: <c>_quarantine/bad_patients</c>.</summary>
    public string QuarantineTablePath => "_quarantine/" + QuarantineTableName;

    /// <summary>Raw column position for an input column name (case-insensitive, aliases included), or -1.</summary>
    public int BindingIndexOf(string inputName) =>
        _bindingNames.TryGetValue(inputName, out var index) ? index : -1;

    /// <summary>Lookup usable with a span of chars, so readers can bind names without allocating.</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BindingLookup =>
        _bindingNames.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool Equals(DatasetDefinition? other) => other is not null && Name == other.Name && RawSchema.Equals(other.RawSchema);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;
}
