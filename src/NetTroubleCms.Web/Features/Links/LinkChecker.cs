using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Infrastructure.Storage;
using Polly.Timeout;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Summary of one run over every published URL.</summary>
public sealed record LinkCheckRun(int Checked, int Ok, int Moved, int Broken, TimeSpan Duration);

/// <summary>
/// Checks URLs: HEAD first, GET when HEAD is refused, redirects followed one hop at a time so the chain and its kind
/// are known. Retries, timeouts and the per-host pace come from the resilience pipeline of the named client.
/// </summary>
public sealed partial class LinkChecker(
    IHttpClientFactory clients,
    IServiceScopeFactory scopes,
    PublishedSnapshotProvider snapshots,
    IOptions<LinkCheckOptions> options,
    TimeProvider clock,
    ILogger<LinkChecker> logger)
{
    /// <summary>Name of the HTTP client (and its resilience pipeline).</summary>
    public const string ClientName = "LinkCheck";

    private static readonly SemaphoreSlim RunGate = new(1, 1);

    /// <summary>Checks every URL of published content and stores one result per URL; returns the tally.</summary>
    public async Task<LinkCheckRun> CheckPublishedAsync(CancellationToken cancellationToken = default)
    {
        // One run at a time per process: the schedule and a CLI call or admin click must not double the traffic.
        await RunGate.WaitAsync(cancellationToken);
        try
        {
            var started = clock.GetTimestamp();
            var snapshot = await snapshots.GetAsync(cancellationToken);
            var urls = PublishedLinks.Collect(snapshot).Keys.ToList();
            Log.RunStarted(logger, urls.Count);
            var results = new List<LinkCheckResult>();
            // Hosts in parallel, each host's URLs in sequence: the per-host pace then holds without queueing.
            await Parallel.ForEachAsync(
                urls.GroupBy(u => new Uri(u).Host, StringComparer.OrdinalIgnoreCase),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.ParallelHosts, CancellationToken = cancellationToken },
                async (host, ct) =>
                {
                    foreach (var url in host)
                    {
                        var result = await CheckAsync(url, ct);
                        lock (results)
                        {
                            results.Add(result);
                        }
                    }
                });

            await SaveAsync(results, cancellationToken);
            var run = new LinkCheckRun(results.Count, results.Count(r => r.State == LinkState.Ok), results.Count(r => r.State == LinkState.Moved),
                results.Count(r => r.State == LinkState.Broken), clock.GetElapsedTime(started));
            Log.RunFinished(logger, run.Checked, run.Ok, run.Moved, run.Broken, run.Duration.TotalSeconds);
            return run;
        }
        finally
        {
            RunGate.Release();
        }
    }

    /// <summary>Checks one URL (not stored).</summary>
    public async Task<LinkCheckResult> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        var result = new LinkCheckResult { Url = url };
        var client = clients.CreateClient(ClientName);
        var current = new Uri(url);
        var seen = new HashSet<string>(StringComparer.Ordinal) { current.AbsoluteUri };
        var allPermanent = true;
        try
        {
            while (true)
            {
                var status = await RequestAsync(client, current, cancellationToken);
                result.StatusCode = (int)status.Code;
                if (IsRedirect(status.Code) && status.Location is not null)
                {
                    var next = new Uri(current, status.Location);
                    result.RedirectCount++;
                    allPermanent &= status.Code is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                    if (result.RedirectCount > options.Value.MaxRedirects || !seen.Add(next.AbsoluteUri))
                    {
                        result.State = LinkState.Broken;
                        result.Error = LinkError.TooManyRedirects;
                        result.FinalUrl = next.AbsoluteUri;
                        break;
                    }

                    current = next;
                    continue;
                }

                result.FinalUrl = result.RedirectCount > 0 ? current.AbsoluteUri : null;
                if ((int)status.Code >= 400)
                {
                    result.State = LinkState.Broken;
                    result.Error = LinkError.HttpStatus;
                }
                else
                {
                    result.State = result.RedirectCount > 0 && allPermanent ? LinkState.Moved : LinkState.Ok;
                }

                break;
            }
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Fail(result, LinkError.Timeout, ex);
        }
        catch (HttpRequestException ex) when (IsTls(ex))
        {
            Fail(result, LinkError.Tls, ex.InnerException ?? ex);
        }
        catch (HttpRequestException ex)
        {
            Fail(result, LinkError.Connection, ex);
        }

        result.Redirect = result.RedirectCount == 0 ? RedirectKind.None : allPermanent ? RedirectKind.Permanent : RedirectKind.Temporary;
        result.CheckedUtc = clock.GetUtcNow().UtcDateTime;
        result.DurationMs = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>True when the failure happened in the TLS handshake (the kind of error an editor cannot fix by retrying).</summary>
    public static bool IsTls(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    private static void Fail(LinkCheckResult result, LinkError error, Exception ex)
    {
        result.State = LinkState.Broken;
        result.Error = error;
        result.ErrorDetail = ex.Message is { Length: > 1000 } m ? m[..1000] : ex.Message;
    }

    // HEAD costs the site nothing; many servers refuse or mis-answer it, so any error status is asked again with GET
    // (headers only; the body is never read).
    private static async Task<(HttpStatusCode Code, Uri? Location)> RequestAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            if ((int)head.StatusCode < 400)
            {
                return (head.StatusCode, head.Headers.Location);
            }
        }

        using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (get.StatusCode, get.Headers.Location);
    }

    private async Task SaveAsync(IReadOnlyList<LinkCheckResult> results, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var urls = results.Select(r => r.Url).ToList();
        var existing = await db.Set<LinkCheckResult>().Where(r => urls.Contains(r.Url)).ToDictionaryAsync(r => r.Url, StringComparer.Ordinal, cancellationToken);
        foreach (var result in results)
        {
            if (existing.TryGetValue(result.Url, out var row))
            {
                result.Id = row.Id;
                db.Entry(row).CurrentValues.SetValues(result);
            }
            else
            {
                db.Add(result);
            }
        }

        // URLs no longer in published content keep no stale verdict on the dashboard.
        await db.Set<LinkCheckResult>().Where(r => !urls.Contains(r.Url)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Link check: {Count} URLs in published content.")]
        public static partial void RunStarted(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Information, "Link check finished: {Checked} checked, {Ok} ok, {Moved} moved, {Broken} broken in {Seconds:0.0} s.")]
        public static partial void RunFinished(ILogger logger, int @checked, int ok, int moved, int broken, double seconds);
    }
}
