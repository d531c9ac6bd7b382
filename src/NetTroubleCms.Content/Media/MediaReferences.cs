using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Media;

/// <summary>
/// The media files content points at: the <c>Paths</c> of every MediaField, found through the definitions (so only
/// real media fields count), in items and in the items nested in their BagParts and FlowParts.
/// </summary>
public static class MediaReferences
{
    private const int MaxDepth = 8;

    /// <summary>Distinct normalised paths named by the Content steps of <paramref name="recipe"/>, in order of appearance.</summary>
    public static IReadOnlyList<string> InRecipe(JsonObject recipe, ContentDefinitionDocument definitions)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in (recipe["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (step["name"]?.ToString().Equals("Content", StringComparison.OrdinalIgnoreCase) != true)
            {
                continue;
            }

            foreach (var item in ((step["data"] ?? step["Data"]) as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var path in InItem(item, definitions))
                {
                    if (seen.Add(path))
                    {
                        found.Add(path);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Normalised paths named by one item's media fields (nested items included); paths no store could hold are left out.</summary>
    public static IEnumerable<string> InItem(JsonObject item, ContentDefinitionDocument definitions) => InItem(item, definitions, 0);

    private static IEnumerable<string> InItem(JsonObject item, ContentDefinitionDocument definitions, int depth)
    {
        if (depth > MaxDepth || item["ContentType"] is not JsonValue typeName || typeName.GetValueKind() != JsonValueKind.String
            || definitions.GetType(typeName.GetValue<string>()) is not { } type)
        {
            yield break;
        }

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            if (item[attachment.Name] is not JsonObject part)
            {
                continue;
            }

            var nested = attachment.PartName switch
            {
                "BagPart" => part["ContentItems"] as JsonArray,
                "FlowPart" => part["Widgets"] as JsonArray,
                _ => null,
            };
            foreach (var child in (nested ?? []).OfType<JsonObject>())
            {
                foreach (var path in InItem(child, definitions, depth + 1))
                {
                    yield return path;
                }
            }

            foreach (var field in definitions.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                if (field.FieldName != "MediaField" || (part[field.Name] as JsonObject)?["Paths"] is not JsonArray paths)
                {
                    continue;
                }

                foreach (var value in paths)
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && MediaPath.TryNormalize(v.GetValue<string>(), out var path, out _))
                    {
                        yield return path;
                    }
                }
            }
        }
    }
}
