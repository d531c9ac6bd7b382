using System.Text.Json.Nodes;
using NetTroubleCms.Content;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>One changed value between two versions.</summary>
public sealed record DiffLine(string Path, string? Before, string? After);

/// <summary>Field-level diff of two item versions: every leaf value by JSON path, bookkeeping properties left out.</summary>
public static class JsonDiff
{
    // Version bookkeeping changes on every save and would drown the real changes.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "ContentItemVersionId", "Latest", "Published", "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author",
    };

    /// <summary>The values that differ, in path order of the newer version.</summary>
    public static IReadOnlyList<DiffLine> Compare(ContentItem before, ContentItem after)
    {
        var a = Flatten(before.ToJson());
        var b = Flatten(after.ToJson());
        var lines = new List<DiffLine>();
        foreach (var path in b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))))
        {
            var x = a.GetValueOrDefault(path);
            var y = b.GetValueOrDefault(path);
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                lines.Add(new DiffLine(path, x, y));
            }
        }

        return lines;
    }

    private static Dictionary<string, string?> Flatten(JsonNode? root)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        Walk(root, "", result);
        return result;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string?> result)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (!Ignored.Contains(key))
                    {
                        Walk(value, path.Length == 0 ? key : $"{path}.{key}", result);
                    }
                }

                break;
            case JsonArray a when a.All(e => e is JsonValue or null):
                result[path] = string.Join(", ", a.Select(e => e?.ToString()));
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", result);
                }

                break;
            case null:
                break;
            default:
                result[path] = node.ToString();
                break;
        }
    }
}
