namespace Kardiaflow.Grains.Abstractions.Validation;

/// <summary>Runs the docs/data-contract.md (Checks) checks and appends them to validation/smoke_results (one grain, key 0).</summary>
public interface IValidationGrain : IGrainWithIntegerKey
{
    [ResponseTimeout("00:10:00")]
    Task<ValidationRun> RunAsync();

    /// <summary>
    /// The folder of the lake the checks read, when the cluster keeps its lake in a local folder (Local profile), so a
    /// console on the same machine (<c>submit --wait</c>) can print the summaries from it; null for any other lake.
    /// </summary>
    Task<string?> GetLocalLakeFolderAsync();
}
