namespace Kardiaflow.Silo.Web.Lake;

/// <summary>A lake table the web pages and metrics follow: its path, its layer and a short name (dataset or table name).</summary>
public sealed record WatchedTable(string Path, string Layer, string Name);
