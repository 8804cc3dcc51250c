using System.Runtime.CompilerServices;

namespace Kardiaflow.Lakehouse.Reading;

/// <summary>
/// Runs an async sequence one item ahead on the thread pool: while the caller works on an item (builds the rows of a
/// decoded row group), the next one is being produced (the next row group decoded) on another core. At most two
/// items exist at a time. Items produced but never handed out are disposed.
/// </summary>
internal static class ReadAhead
{
    public static async IAsyncEnumerable<T> RunAsync<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IDisposable
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        Task<bool>? next = null;
        try
        {
            // The source is never asked for its next item before the previous request finished: async enumerators
            // are not thread-safe, they only need not run on one thread.
            next = Task.Run(() => enumerator.MoveNextAsync().AsTask(), cancellationToken);
            while (await next.ConfigureAwait(false))
            {
                var current = enumerator.Current;
                next = Task.Run(() => enumerator.MoveNextAsync().AsTask(), cancellationToken);
                yield return current;
            }

            next = null;
        }
        finally
        {
            if (next is not null)
            {
                await DiscardAsync(next, enumerator).ConfigureAwait(false);
            }

            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The caller stopped early (or the source failed): wait for the request in flight and drop its item.</summary>
    private static async Task DiscardAsync<T>(Task<bool> next, IAsyncEnumerator<T> enumerator)
        where T : IDisposable
    {
        try
        {
            if (await next.ConfigureAwait(false))
            {
                enumerator.Current.Dispose();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nobody will look at this item: the caller already left, with its own exception if it had one.
        }
    }
}
