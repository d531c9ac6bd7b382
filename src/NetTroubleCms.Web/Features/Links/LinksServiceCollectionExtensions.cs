using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Wires the link checker: options, the resilient HTTP client, the schedule and the draft rewriter.</summary>
public static class LinksServiceCollectionExtensions
{
    /// <summary>Registers the link checker's services.</summary>
    public static IServiceCollection AddLinkChecks(this IServiceCollection services)
    {
        services.AddOptions<LinkCheckOptions>().BindConfiguration(LinkCheckOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HostPace>();
        services.AddHttpClient(LinkChecker.ClientName, (sp, client) =>
            {
                // The pipeline's timeout governs each attempt; the client's own limit would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(sp.GetRequiredService<IOptions<LinkCheckOptions>>().Value.UserAgent);
            })
            // Redirects are followed by the checker itself, one hop at a time, to record the chain.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddResilienceHandler("link-check", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<LinkCheckOptions>>().Value;
                var pace = context.ServiceProvider.GetRequiredService<HostPace>();
                if (o.Retries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.Retries,
                        Delay = TimeSpan.FromSeconds(o.RetryDelaySeconds),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // A broken certificate stays broken: asking again only adds traffic.
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                        {
                            { Exception: HttpRequestException ex } => !LinkChecker.IsTls(ex),
                            { Exception: TimeoutRejectedException } => true,
                            { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
                            _ => false,
                        }),
                    });
                }

                // Inside the retry, so every attempt (and every redirect hop) waits its turn for the host.
                pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
                {
                    RateLimiter = args => pace.AcquireAsync(args.Context.GetRequestMessage()?.RequestUri?.Host ?? "", args.Context.CancellationToken),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
            });
        services.AddSingleton<LinkChecker>();
        services.AddScoped<LinkRewriter>();
        services.AddScoped<LinkReport>();
        services.AddHostedService<LinkCheckService>();
        return services;
    }

    /// <summary>One token bucket per host: at most one request per <see cref="LinkCheckOptions.PerHostIntervalSeconds"/>.</summary>
    private sealed class HostPace(IOptions<LinkCheckOptions> options) : IDisposable
    {
        private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(host =>
            options.Value.PerHostIntervalSeconds <= 0
                ? RateLimitPartition.GetNoLimiter(host)
                : RateLimitPartition.GetTokenBucketLimiter(host, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 1,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(options.Value.PerHostIntervalSeconds),
                    QueueLimit = 100_000,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                }), StringComparer.OrdinalIgnoreCase);

        public ValueTask<RateLimitLease> AcquireAsync(string host, CancellationToken cancellationToken) =>
            _limiter.AcquireAsync(host.ToLowerInvariant(), 1, cancellationToken);

        public void Dispose() => _limiter.Dispose();
    }
}
