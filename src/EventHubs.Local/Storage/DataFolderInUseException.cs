namespace Kardiaflow.EventHubs.Local.Storage;

/// <summary>Another endpoint (in this or another process) serves the hub folder; see <see cref="EventHub"/>.</summary>
internal sealed class DataFolderInUseException(string message, Exception inner) : InvalidOperationException(message, inner);
