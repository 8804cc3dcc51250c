namespace Kardiaflow.EventHubs.Tests.Orleans;

/// <summary>Collects the events of one partition key's stream, in delivery order.</summary>
public interface IArrivalProbeGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<string>> GetReceivedAsync();
}
