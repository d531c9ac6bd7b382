using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Audit;

namespace NetTroubleCms.Web.Features.Verification;

/// <summary>A channel whose verification is missing or too old.</summary>
public sealed record DueChannel(
    string AgencyId,
    string AgencyTitle,
    string ChannelId,
    string Kind,
    string Value,
    string? SourceUrl,
    DateTime? LastVerifiedUtc);

/// <summary>How a "verified today" was stored.</summary>
public enum VerifiedAs
{
    /// <summary>A new published version that differs only in the date.</summary>
    Published,

    /// <summary>Written into the pending draft (it goes public with that draft).</summary>
    Draft,
}

/// <summary>
/// Last-verified dates of channels (<c>Channel.LastVerified</c>, a DateTimeField in the recipe's definition): which are
/// due, marking one verified, and the date shown per agency.
/// </summary>
public sealed class ChannelVerification(
    ContentManager manager,
    PublishedSnapshotProvider snapshots,
    AuditTrail audit,
    IContentUser user,
    IOptions<VerificationOptions> options,
    TimeProvider clock)
{
    /// <summary>Name of the audit event.</summary>
    public const string EventName = "ChannelVerified";

    // Japan has no daylight saving time: a fixed offset gives the date people there see, with no time zone database.
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>Channels never verified or verified before the cut-off, oldest first (never-verified ones lead).</summary>
    public async Task<IReadOnlyList<DueChannel>> DueAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await snapshots.GetAsync(cancellationToken);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMonths(-options.Value.MaxAgeMonths);
        var siteCulture = snapshot.Settings["Culture"]?.ToString();
        var due = new List<DueChannel>();
        foreach (var agency in snapshot.OfType("Agency").Where(a => HoldsFacts(a, siteCulture)))
        {
            foreach (var channel in Channels(agency))
            {
                var verified = LastVerifiedUtc(channel);
                if (verified is null || verified < cutoff)
                {
                    due.Add(new DueChannel(agency.ContentItemId, agency.DisplayText ?? "", channel.ContentItemId,
                        channel.Text("Channel", "Kind") ?? "", channel.Text("Channel", "Value") ?? "",
                        channel.Field("Channel", "SourceUrl")?["Url"]?.ToString(), verified));
                }
            }
        }

        return [.. due.OrderBy(d => d.LastVerifiedUtc ?? DateTime.MinValue).ThenBy(d => d.AgencyTitle, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Stamps today on one channel. When the item has no pending draft and the caller may publish, a new version is
    /// published at once (the check was of what the public sees, and a date held back in a draft would leave the
    /// page claiming an older check). A pending draft is never published by this: the date goes into the draft.
    /// </summary>
    public async Task<(VerifiedAs? Outcome, string? Error)> MarkVerifiedAsync(string agencyId, string channelId, bool mayPublish, CancellationToken cancellationToken = default)
    {
        var latest = await manager.GetAsync(agencyId, VersionFilter.Latest, cancellationToken);
        var channel = latest?.Part("Channels")?["ContentItems"] is JsonArray bag
            ? bag.OfType<JsonObject>().FirstOrDefault(c => c["ContentItemId"]?.ToString() == channelId)
            : null;
        if (latest is null || channel is null)
        {
            return (null, "not found");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var edited = latest.Clone();
        var target = edited.Part("Channels")!["ContentItems"]!.AsArray().OfType<JsonObject>().First(c => c["ContentItemId"]?.ToString() == channelId);
        var part = target["Channel"] as JsonObject ?? [];
        target["Channel"] = part;
        part["LastVerified"] = new JsonObject { ["Value"] = ContentItem.FormatDate(now) };

        var publish = latest.Published && mayPublish;
        var result = publish
            ? await manager.SaveAndPublishAsync(edited, latest.ContentItemVersionId, cancellationToken)
            : await manager.SaveDraftAsync(edited, latest.ContentItemVersionId, cancellationToken);
        if (!result.Succeeded)
        {
            return (null, string.Join(" ", result.Errors.Select(e => e.Message)));
        }

        await audit.AddAsync(new AuditEvent
        {
            Category = "Content",
            Name = EventName,
            ContentItemId = agencyId,
            ContentItemVersionId = result.Item!.ContentItemVersionId,
            ContentType = latest.ContentType,
            DisplayText = latest.DisplayText,
            UserId = user.UserId,
            UserName = user.UserName,
            OccurredUtc = now,
            Snapshot = new JsonObject
            {
                ["channelId"] = channelId,
                ["kind"] = channel["Channel"]?["Kind"]?["Text"]?.ToString(),
                ["value"] = channel["Channel"]?["Value"]?["Text"]?.ToString(),
                ["verifiedUtc"] = ContentItem.FormatDate(now),
                ["storedAs"] = publish ? nameof(VerifiedAs.Published) : nameof(VerifiedAs.Draft),
            }.ToJsonString(),
        }, cancellationToken);
        return (publish ? VerifiedAs.Published : VerifiedAs.Draft, null);
    }

    /// <summary>
    /// The date an agency page shows as 「最終確認日」: the OLDEST of its channels' dates, because the page is only as
    /// current as its least recently checked channel; none while any channel has never been checked.
    /// </summary>
    public static DateTime? AgencyLastVerifiedUtc(IEnumerable<DateTime?> channelDates)
    {
        var dates = channelDates.ToList();
        return dates.Count == 0 || dates.Any(d => d is null) ? null : dates.Min();
    }

    /// <summary>The stored date of a channel, UTC.</summary>
    public static DateTime? LastVerifiedUtc(ContentItem channel) => Parse(channel.Field("Channel", "LastVerified")?["Value"]?.ToString());

    /// <summary>Parses a stored DateTimeField value.</summary>
    public static DateTime? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.UtcDateTime : null;

    /// <summary>The calendar date in Japan, ISO (yyyy-MM-dd).</summary>
    public static string JapanDate(DateTime utc) => (utc + JapanOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Bag items of an agency as channel items.</summary>
    public static IEnumerable<ContentItem> Channels(ContentItem agency) =>
        agency.Part("Channels")?["ContentItems"] is JsonArray bag ? bag.OfType<JsonObject>().Select(j => ContentItem.FromJson(j)) : [];

    // Facts (numbers, addresses, dates) belong to the original-language item; translations carry words only.
    private static bool HoldsFacts(ContentItem item, string? siteCulture)
    {
        var culture = item.Part("LocalizationPart")?["Culture"]?.ToString();
        return string.IsNullOrEmpty(culture) || string.IsNullOrEmpty(siteCulture) || string.Equals(culture, siteCulture, StringComparison.OrdinalIgnoreCase);
    }
}
