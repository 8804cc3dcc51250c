using Orleans.Streams;

namespace Kardiaflow.EventHubs.Tests.Orleans;

[ImplicitStreamSubscription(RawEventDataAdapter.Namespace)]
public sealed class ArrivalProbeGrain : Grain, IArrivalProbeGrain
{
    public const string ProviderName = "eventhubs";
    private readonly List<string> _received = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(ProviderName).GetStream<string>(RawEventDataAdapter.Namespace, this.GetPrimaryKeyString());
        await stream.SubscribeAsync((item, _) =>
        {
            _received.Add(item);
            return Task.CompletedTask;
        });
    }

    public Task<IReadOnlyList<string>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<string>>([.. _received]);
}
