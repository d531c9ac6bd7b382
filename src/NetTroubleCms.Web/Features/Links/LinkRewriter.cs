using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Outcome of a rewrite for one item.</summary>
public sealed record LinkRewrite(string ContentItemId, string? DisplayText, bool Succeeded, string? Error);

/// <summary>
/// "Use the new address": saves a draft of every item that shows the old URL with the new one in its place. Never
/// publishes; an editor reviews the draft like any other.
/// </summary>
public sealed class LinkRewriter(ContentManager manager, PublishedSnapshotProvider snapshots)
{
    /// <summary>The items whose published version holds <paramref name="oldUrl"/>.</summary>
    public async Task<IReadOnlyList<LinkOccurrence>> OccurrencesAsync(string oldUrl, CancellationToken cancellationToken = default) =>
        PublishedLinks.Collect(await snapshots.GetAsync(cancellationToken)).GetValueOrDefault(oldUrl) ?? [];

    /// <summary>
    /// Replaces <paramref name="oldUrl"/> in the latest version of <paramref name="contentItemId"/> (a pending draft
    /// keeps its other edits) and saves it as a draft.
    /// </summary>
    public async Task<LinkRewrite> RewriteAsync(string contentItemId, string oldUrl, string newUrl, CancellationToken cancellationToken = default)
    {
        var latest = await manager.GetAsync(contentItemId, VersionFilter.Latest, cancellationToken);
        if (latest is null)
        {
            return new LinkRewrite(contentItemId, null, false, "not found");
        }

        var draft = latest.Clone();
        if (Replace(draft.Content, oldUrl, newUrl) == 0)
        {
            return new LinkRewrite(contentItemId, latest.DisplayText, false, "unchanged");
        }

        var result = await manager.SaveDraftAsync(draft, latest.ContentItemVersionId, cancellationToken);
        return new LinkRewrite(contentItemId, latest.DisplayText, result.Succeeded, result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    /// <summary>
    /// Replaces the URL wherever it is a link's <c>Url</c> or a channel's value. A display text that spelled out the
    /// old address (with or without the scheme) follows, so the page does not show one address and link another.
    /// </summary>
    public static int Replace(JsonNode? node, string oldUrl, string newUrl)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                if (Is(obj["Url"], oldUrl))
                {
                    obj["Url"] = newUrl;
                    count++;
                    if (obj["Text"] is JsonValue t && t.TryGetValue(out string? text) && SpellsOut(text, oldUrl))
                    {
                        obj["Text"] = Spell(text!, newUrl);
                    }
                }

                if (obj["Channel"] is JsonObject channel && channel["Value"] is JsonObject value && Is(value["Text"], oldUrl))
                {
                    value["Text"] = newUrl;
                    count++;
                    if (channel["Label"] is JsonObject label && label["Text"] is JsonValue l && l.TryGetValue(out string? labelText) && SpellsOut(labelText, oldUrl))
                    {
                        label["Text"] = Spell(labelText!, newUrl);
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    if (child is JsonObject or JsonArray)
                    {
                        count += Replace(child, oldUrl, newUrl);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    count += Replace(child, oldUrl, newUrl);
                }

                break;
        }

        return count;
    }

    private static bool Is(JsonNode? node, string url) => node is JsonValue v && v.TryGetValue(out string? s) && s == url;

    private static bool SpellsOut(string? text, string url) =>
        text is not null && (text == url || text == WithoutScheme(url));

    private static string Spell(string text, string newUrl) => text.Contains("://", StringComparison.Ordinal) ? newUrl : WithoutScheme(newUrl);

    private static string WithoutScheme(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        return rest.TrimEnd('/');
    }
}
