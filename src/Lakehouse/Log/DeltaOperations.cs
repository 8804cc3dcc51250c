namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// The operation names this engine records in <c>commitInfo.operation</c> (the names Spark's Delta writes for the same
/// verbs, so tools that group history by operation see one vocabulary).
/// </summary>
public static class DeltaOperations
{
    public const string CreateTable = "CREATE TABLE";
    public const string Write = "WRITE";
    public const string Merge = "MERGE";
    public const string Delete = "DELETE";
    public const string VacuumStart = "VACUUM START";
    public const string VacuumEnd = "VACUUM END";
}
