using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>One changed value between two versions.</summary>
/// <param name="Path">JSON path, e.g. <c>Channels.ContentItems[1].Channel.Value.Text</c>.</param>
/// <param name="Before">Old value.</param>
/// <param name="After">New value.</param>
/// <param name="Label">The same place named as editors know it, e.g. 「連絡方法 2 › 連絡先」.</param>
public sealed record DiffLine(string Path, string? Before, string? After, string? Label = null);

/// <summary>Field-level diff of two item versions: every leaf value by JSON path, bookkeeping properties left out.</summary>
public static class JsonDiff
{
    // Version bookkeeping changes on every save and would drown the real changes.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "ContentItemVersionId", "Latest", "Published", "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author",

        // Derived from the title or a bag item's fields: the field change itself is the row an editor made.
        "DisplayText",

        // Bookkeeping of translations (which words of the original a translation follows).
        "SourceTextHash",
    };

    /// <summary>The values that differ, labelled with the definitions' display names.</summary>
    public static IReadOnlyList<DiffLine> Compare(ContentItem before, ContentItem after, ContentDefinitionDocument defs, FieldTypes fieldTypes) =>
        [.. Compare(before, after).Select(l => l with { Label = Label(l.Path, after.ContentType, defs, fieldTypes) })];

    /// <summary>
    /// A JSON path named with display names: <c>Channels.ContentItems[1].Channel.Value.Text</c> →
    /// 「連絡方法 2 › 連絡先」, <c>Agency.Website.Text</c> → 「機関情報 › Webサイト › 表示する文字」. A field's own
    /// properties are named by its field type; anything else by Orchard's usual value names.
    /// </summary>
    public static string Label(string path, string contentType, ContentDefinitionDocument defs, FieldTypes fieldTypes)
    {
        var segments = path.Split('.');
        var names = new List<string>();
        var type = defs.GetType(contentType);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == "DisplayText" && i == 0)
            {
                names.Add("表示名");
                continue;
            }

            var attachment = type?.GetAttachment(segment);
            if (attachment is null)
            {
                names.Add(UnknownFieldType.UsualPropertyLabel(segment));
                continue;
            }

            var label = attachment.Settings.Bag("ContentTypePartSettings").String("DisplayName") ?? attachment.Name;
            if (i + 1 < segments.Length && segments[i + 1].StartsWith("ContentItems[", StringComparison.Ordinal))
            {
                // A bag item: 「連絡方法 2」, then the nested item's own parts and fields.
                var index = int.Parse(segments[i + 1]["ContentItems[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                names.Add($"{label} {index + 1}");
                var nested = attachment.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes");
                var rest = string.Join('.', segments.Skip(i + 2));
                var inner = nested.Select(n => Label(rest, n, defs, fieldTypes)).FirstOrDefault(l => !l.Contains(rest, StringComparison.Ordinal)) ?? rest;
                if (inner.Length > 0)
                {
                    names.Add(inner);
                }

                break;
            }

            var part = defs.GetPart(attachment.PartName);
            if (i + 1 < segments.Length && part?.GetField(segments[i + 1]) is { } field)
            {
                // A part named like its type (Agency on Agency) is where editors see fields directly: name the field only.
                if (attachment.Name != contentType)
                {
                    names.Add(label);
                }

                names.Add(field.DisplayName);
                i++;
                if (i + 1 < segments.Length)
                {
                    names.Add(fieldTypes.Get(field.FieldName).PropertyLabel(segments[i + 1]));
                    i++;
                }

                continue;
            }

            names.Add(label);
        }

        return string.Join(" › ", names.Where(n => n.Length > 0));
    }

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
