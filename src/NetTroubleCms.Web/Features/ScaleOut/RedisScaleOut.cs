using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using StackExchange.Redis;

namespace NetTroubleCms.Web.Features.ScaleOut;

/// <summary>Settings under <c>Cms:Redis</c>; without a configuration string the app runs exactly as a single instance.</summary>
public sealed class RedisOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cms:Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...</c>; empty = no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Channel prefix, so several sites can share one Redis server.</summary>
    public string ChannelPrefix { get; set; } = "ntcms";
}

/// <summary>
/// Tells every instance at once that something was committed, over Redis pub/sub. Without it an instance notices
/// another's publication only when its snapshot's stamp poll comes round (<see cref="SnapshotOptions.PollInterval"/>);
/// the poll stays as the safety net for a missed message or a Redis outage.
/// </summary>
public sealed partial class RedisCommitSignal(
    PublishedSnapshotProvider snapshots,
    IOptions<RedisOptions> options,
    RedisConnection connection,
    ILogger<RedisCommitSignal> logger) : IContentCommitObserver, IHostedService
{
    // Each process ignores its own messages: its local commit already marked its snapshot stale.
    private readonly string _origin = Guid.NewGuid().ToString("n");
    private ConnectionMultiplexer? _redis;

    private RedisChannel Channel => RedisChannel.Literal(options.Value.ChannelPrefix + ":committed");

    /// <summary>True once connected to Redis.</summary>
    public bool Enabled => _redis is not null;

    /// <inheritdoc />
    public void Committed()
    {
        snapshots.Committed();
        // Fire and forget: a commit never waits for, or fails because of, Redis.
        _redis?.GetSubscriber().Publish(Channel, _origin, CommandFlags.FireAndForget);
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connection.IsConfigured)
        {
            return;
        }

        // Starts even while Redis is down (the multiplexer reconnects); the stamp poll covers the gap.
        _redis = await connection.GetAsync();
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            if (message != _origin)
            {
                snapshots.Committed();
            }
        });
        Log.Connected(logger, _redis.GetEndPoints().Length);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            // The connection itself is the container's (the rate-limit counters use it too).
            await _redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Redis: publish notifications on ({EndPoints} end points).")]
        public static partial void Connected(ILogger logger, int endPoints);
    }
}

/// <summary>Registers Redis scale-out (publish notifications and shared rate-limit counters; a no-op unless <c>Cms:Redis:Configuration</c> is set).</summary>
public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>Adds <see cref="RedisCommitSignal"/> in front of the snapshot as the store's commit observer.</summary>
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IFixedWindowLimits, FixedWindowLimits>();
        services.AddSingleton<RedisCommitSignal>();
        services.Replace(ServiceDescriptor.Singleton<IContentCommitObserver>(sp => sp.GetRequiredService<RedisCommitSignal>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisCommitSignal>());
        return services;
    }
}
