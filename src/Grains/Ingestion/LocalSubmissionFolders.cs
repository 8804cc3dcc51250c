namespace Kardiaflow.Grains.Ingestion;

/// <summary>Local profile: a submission's root is a folder on this machine, read where it lies.</summary>
public sealed class LocalSubmissionFolders : ISubmissionFolders
{
    public Task<string> LocalFolderAsync(string root, IReadOnlyCollection<string>? relativePaths, CancellationToken cancellationToken)
    {
        if (LandingZone.IsLandingRoot(root))
        {
            throw new SubmissionException($"The submission '{root}' is in a landing zone, which only an Azure-profile cluster reads.");
        }

        return Task.FromResult(root);
    }
}
