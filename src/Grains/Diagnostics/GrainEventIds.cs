namespace Kardiaflow.Grains.Diagnostics;

/// <summary>
/// Every log event id of the grains, in one place: ids are stable (dashboards and alerts filter on them), unique, and
/// grouped by stage in blocks of a hundred (2000 ingestion, 2100 table commits, 2200 file parts, 2600 streamed arrivals, 4100 Silver feeds,
/// 4200 enriched tables, 4300 Silver buckets, 5000 Gold, 5100 KPI aggregators, 5200 checks). A new log message takes the next free id of
/// its block here.
/// </summary>
public static class GrainEventIds
{
    public static class IngestionJob
    {
        public const int Submitted = 2001;
        public const int Resuming = 2002;
        public const int Listed = 2003;
        public const int FileFailed = 2004;
        public const int PartRetry = 2005;
        public const int CommittedFiles = 2006;
        public const int Completed = 2007;
        public const int JobFailed = 2008;
        public const int PumpFailed = 2009;
        public const int StaleActivation = 2010;
    }

    public static class DeltaTable
    {
        public const int Committed = 2101;
        public const int NothingToCommit = 2102;
        public const int CommitRetry = 2103;
        public const int AnnounceFailed = 2104;
    }

    public static class FilePartition
    {
        public const int PartWritten = 2201;
        public const int PartFailed = 2202;
    }

    public static class LandingFiles
    {
        public const int Copied = 2301;
        public const int CleanupFailed = 2302;
    }

    public static class Arrivals
    {
        public const int BatchCommitted = 2601;
        public const int Redelivered = 2602;
        public const int TxnMoved = 2603;
        public const int StreamError = 2604;
    }

    public static class SilverFeed
    {
        public const int Consumed = 4101;
        public const int ConsumeFailed = 4102;
        public const int SliceConsumed = 4103;
        public const int NotSliced = 4104;
    }

    public static class EnrichedTable
    {
        public const int Refreshed = 4201;
    }

    public static class SilverBucket
    {
        public const int Indexed = 4301;
        public const int Prepared = 4302;
        public const int Rebucketed = 4303;
    }

    public static class Gold
    {
        public const int Epoch = 5001;
        public const int TimedUpdate = 5002;
        public const int TimedUpdateFailed = 5003;
        public const int EpochTimes = 5004;
    }

    public static class KpiAggregator
    {
        public const int Applied = 5101;
        public const int Replayed = 5102;
    }

    public static class Validation
    {
        public const int Run = 5201;
    }
}
