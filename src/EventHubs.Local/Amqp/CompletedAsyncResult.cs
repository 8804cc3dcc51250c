namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>The already-finished <see cref="IAsyncResult"/> the library's Begin/End link-open contract asks for.</summary>
internal sealed class CompletedAsyncResult : IAsyncResult
{
    private readonly Exception? _error;

    public CompletedAsyncResult(object? state, Exception? error)
    {
        AsyncState = state;
        _error = error;
    }

    public object? AsyncState { get; }

    public WaitHandle AsyncWaitHandle => throw new NotSupportedException("The link opens synchronously.");

    public bool CompletedSynchronously => true;

    public bool IsCompleted => true;

    public static void End(IAsyncResult result)
    {
        if (result is CompletedAsyncResult { _error: { } error })
        {
            throw error;
        }
    }
}
