using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NetTroubleCms.Web.Features.ScaleOut;

/// <summary>
/// The one connection to Redis an instance keeps (pub/sub and counters share it); connected on first use.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(async () =>
    {
        var config = ConfigurationOptions.Parse(options.Value.Configuration!);
        // Start and serve even while Redis is down; the multiplexer keeps reconnecting.
        config.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(config);
    });

    /// <summary>True when <c>Cms:Redis:Configuration</c> is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Configuration);

    /// <summary>Key and channel prefix, so several sites can share one Redis server.</summary>
    public string Prefix => options.Value.ChannelPrefix;

    /// <summary>The connection (only when <see cref="IsConfigured"/>).</summary>
    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            var redis = await _connection.Value;
            await redis.CloseAsync();
            redis.Dispose();
        }
    }
}

/// <summary>
/// Fixed-window counters for the rate limits (sign-in per account and per address, the read API per client). Without
/// Redis each instance counts alone, in memory; with Redis every instance counts in the same place, so a client that
/// spreads its requests over several instances is limited as if there were one.
/// </summary>
public interface IFixedWindowLimits
{
    /// <summary>A limiter allowing <paramref name="permitLimit"/> requests per <paramref name="window"/> for <paramref name="key"/> in <paramref name="scope"/>.</summary>
    RateLimiter Create(string scope, string key, int permitLimit, TimeSpan window);
}

/// <summary>In memory when Redis is not configured, else in Redis with the in-memory counter as the fallback while Redis is unreachable.</summary>
public sealed class FixedWindowLimits(RedisConnection redis, ILogger<FixedWindowLimits> logger) : IFixedWindowLimits
{
    /// <inheritdoc />
    public RateLimiter Create(string scope, string key, int permitLimit, TimeSpan window)
    {
        var local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 });
        if (!redis.IsConfigured)
        {
            return local;
        }

        // Hashed: user names and addresses are not kept in Redis in clear, and any length makes a short key.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return new RedisFixedWindowRateLimiter(redis, $"{redis.Prefix}:rate:{scope}:{hash}", permitLimit, window, local, logger);
    }
}

/// <summary>
/// One fixed-window counter in Redis: INCRBY, and PEXPIRE when the window starts, in one Lua script so that two
/// instances never both start a window or leave a counter without expiry.
/// </summary>
internal sealed partial class RedisFixedWindowRateLimiter(
    RedisConnection redis,
    string key,
    int permitLimit,
    TimeSpan window,
    RateLimiter fallback,
    ILogger logger) : RateLimiter
{
    private const string Script = """
        local n = redis.call('INCRBY', KEYS[1], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {n, ttl}
        """;

    private long _lastUsed = Environment.TickCount64;

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => fallback.GetStatistics();

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        // The rate-limiting middleware asks synchronously first; a sign-in post or an API call can wait for one round trip.
        AcquireAsyncCore(permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
        try
        {
            var connection = await redis.GetAsync();
            var result = (RedisResult[])(await connection.GetDatabase().ScriptEvaluateAsync(Script, [key], [(long)window.TotalMilliseconds, permitCount]))!;
            var count = (long)result[0];
            var ttl = TimeSpan.FromMilliseconds((long)result[1]);
            var granted = count <= permitLimit && (permitCount > 0 || count < permitLimit);
            return granted ? Lease.Granted : new Lease(false, ttl);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis unreachable: this instance still limits on its own rather than not at all.
            Log.Fallback(logger, ex.GetType().Name);
            return await fallback.AcquireAsync(permitCount, cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Warning, "Redis: rate-limit counter unavailable ({Error}); counting on this instance only for now.")]
        public static partial void Fallback(ILogger logger, string error);
    }
}
