using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin;

/// <summary>
/// Publishes drafts whose <c>PublishLaterPart.ScheduledPublishUtc</c> has passed, once a minute (Orchard's
/// ScheduledPublishingBackgroundTask). Time comes from <see cref="TimeProvider"/> so tests can move the clock.
/// </summary>
public sealed partial class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    /// <summary>How often the schedule is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The part that carries the schedule.</summary>
    public const string PartName = "PublishLaterPart";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RunFailed(logger, ex);
            }
        }
    }

    /// <summary>Publishes every due draft; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IContentStore>();
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (drafts, _) = await store.QueryAsync(new ContentQuery { HasDraft = true }, cancellationToken);
        var count = 0;
        foreach (var row in drafts)
        {
            var item = ContentManager.ToItem(row)!;
            if (ScheduledUtc(item) is DateTime due && due <= now)
            {
                var result = await manager.PublishAsync(item.ContentItemId, cancellationToken);
                if (result.Succeeded)
                {
                    count++;
                    Log.Published(logger, item.ContentItemId, due);
                }
            }
        }

        return count;
    }

    /// <summary>The scheduled time of an item, if any.</summary>
    public static DateTime? ScheduledUtc(ContentItem item) =>
        item.Part(PartName)?["ScheduledPublishUtc"] is JsonValue v && v.TryGetValue(out string? s)
            && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var dto)
            ? dto.UtcDateTime : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scheduled publishing: published {ContentItemId} (due {DueUtc:o}).")]
        public static partial void Published(ILogger logger, string contentItemId, DateTime dueUtc);

        [LoggerMessage(2, LogLevel.Error, "Scheduled publishing failed; retrying at the next tick.")]
        public static partial void RunFailed(ILogger logger, Exception exception);
    }
}
