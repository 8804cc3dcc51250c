namespace Kardiaflow.Grains.Abstractions.Validation;

/// <summary>Runs the SPEC.md §5 checks and appends them to validation/smoke_results (one grain, key 0).</summary>
public interface IValidationGrain : IGrainWithIntegerKey
{
    [ResponseTimeout("00:10:00")]
    Task<ValidationRun> RunAsync();
}
