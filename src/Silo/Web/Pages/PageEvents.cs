using System.Runtime.CompilerServices;
using Kardiaflow.Silo.Web.Lake;

namespace Kardiaflow.Silo.Web.Pages;

/// <summary>
/// The server-sent events the pages listen to: each page's token now, then again whenever the lake watch sees a table
/// move (and every <see cref="Heartbeat"/>, so proxies keep the stream open). A page whose token changed fetches its
/// data again; nothing reloads. The stream ends when the host stops, so shutdown does not wait for open pages.
/// </summary>
internal static class PageEvents
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    public static async IAsyncEnumerable<IReadOnlyDictionary<string, string>> StreamAsync(
        LakeWatch watch, CancellationToken stopping, CancellationToken aborted, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted, cancellationToken);
        var token = linked.Token;
        var status = await watch.GetAsync(token);
        while (!token.IsCancellationRequested)
        {
            yield return KpiPages.Tokens(status);
            try
            {
                await watch.WaitForChangeAsync(status.Generation, token).WaitAsync(Heartbeat, token);
            }
            catch (TimeoutException)
            {
                // Heartbeat: send the same tokens again.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            status = watch.Current;
        }
    }
}
