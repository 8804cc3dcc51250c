namespace Kardiaflow.Grains.Ingestion;

/// <summary>
/// Where a silo finds a submission's files on its own disk. In the Local profile a submission's root is a folder every
/// silo of the machine reads where it lies; in the Azure profile the console uploads the files under
/// <see cref="LandingZone.Prefix"/> in the lake container and each silo copies the ones it reads into temporary files,
/// so no silo depends on another machine's disk.
/// </summary>
public interface ISubmissionFolders
{
    /// <summary>
    /// A local folder holding the submission's files under their relative paths: all of them when
    /// <paramref name="relativePaths"/> is null, else at least the ones named.
    /// </summary>
    /// <exception cref="SubmissionException">The root cannot be served by this profile, or the landing zone has no such submission.</exception>
    Task<string> LocalFolderAsync(string root, IReadOnlyCollection<string>? relativePaths, CancellationToken cancellationToken);
}
