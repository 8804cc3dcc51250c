namespace Kardiaflow.EventHubs.Local.Diagnostics;

/// <summary>
/// Every log event id of the local Event Hubs endpoint, in one place (block 7000; the engine uses 1000, the grains
/// 2000-5999): 7000 lifecycle, 7010 partition logs, 7020 producers, 7030 receivers, 7040 request/response nodes.
/// A new log message takes the next free id of its group here.
/// </summary>
public static class LocalEventHubsEventIds
{
    public const int Started = 7000;
    public const int ProducerAttached = 7001;
    public const int ReceiverAttached = 7002;
    public const int LinkRefused = 7003;
    public const int Stopped = 7004;
    public const int ConnectionFailed = 7005;
    public const int StandingBy = 7006;
    public const int TookOver = 7007;
    public const int TakeOverFailed = 7008;
    public const int StandbyGaveUp = 7009;

    public const int TornTail = 7010;
    public const int WriteFailed = 7011;

    public const int MessageRejected = 7020;
    public const int AppendFailed = 7021;

    public const int ReadFailed = 7030;

    public const int NoReplyLink = 7040;
}
