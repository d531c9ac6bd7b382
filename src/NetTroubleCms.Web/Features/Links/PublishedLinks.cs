using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Where a URL appears: a published item and the JSON path of the value inside it.</summary>
public sealed record LinkOccurrence(string ContentItemId, string ContentType, string? DisplayText, string? Culture, string JsonPath);

/// <summary>
/// Finds every web address in published content: the <c>Url</c> of link fields (Orchard's LinkField shape, at any
/// depth, so bag items count) and channel values that are absolute http(s) URLs.
/// </summary>
public static class PublishedLinks
{
    /// <summary>Every distinct URL with the places it appears, in a stable order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<LinkOccurrence>> Collect(PublishedSnapshot snapshot)
    {
        var found = new SortedDictionary<string, List<LinkOccurrence>>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items)
        {
            var culture = item.Part("LocalizationPart")?["Culture"]?.ToString();
            foreach (var (url, path) in Find(item.Content, "$"))
            {
                if (!found.TryGetValue(url, out var list))
                {
                    found[url] = list = [];
                }

                list.Add(new LinkOccurrence(item.ContentItemId, item.ContentType, item.DisplayText, culture, path));
            }
        }

        return found.ToDictionary(p => p.Key, p => (IReadOnlyList<LinkOccurrence>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>True for an absolute http or https URL, the only ones worth checking.</summary>
    public static bool IsWebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Paths (relative to the item's content) of string values that hold a URL the checker looks at.</summary>
    public static IEnumerable<(string Url, string Path)> Find(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                // A LinkField is { "Url": ..., "Text": ... }; a channel keeps its address in Value.Text.
                if (obj["Url"] is JsonValue u && u.TryGetValue(out string? url) && IsWebUrl(url))
                {
                    yield return (url!, path + ".Url");
                }

                if (obj["Channel"] is JsonObject channel && channel["Value"]?["Text"] is JsonValue v && v.TryGetValue(out string? value) && IsWebUrl(value))
                {
                    yield return (value!, path + ".Channel.Value.Text");
                }

                foreach (var (key, child) in obj)
                {
                    if (child is JsonObject or JsonArray)
                    {
                        foreach (var hit in Find(child, $"{path}.{key}"))
                        {
                            yield return hit;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var hit in Find(array[i], $"{path}[{i}]"))
                    {
                        yield return hit;
                    }
                }

                break;
        }
    }
}
