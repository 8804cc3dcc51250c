namespace Kardiaflow.Silo.Web.Pages;

/// <summary>A table of values shown under the charts (cells already formatted, invariant culture).</summary>
public sealed record KpiTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows, string? Note = null);
