using NetTroubleCms.Content.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Checks the shape of a ContentDefinition step before it is bound to records, so a wrong kind of value is refused
/// with its JSON path and a plain reason, never with the serializer's wording. A <c>null</c> settings bag or record
/// list means "none" (as an empty one would), which hand-edited and generated recipes both produce.
/// </summary>
public static class ContentDefinitionShape
{
    /// <summary>Normalizes nulls away and throws <see cref="RecipeException"/> (path set, step not) on a wrong shape.</summary>
    public static void Check(JsonObject step, string stepPath)
    {
        CheckList(step, "ContentTypes", stepPath, (type, path) =>
        {
            CheckString(type, "Name", path, required: true);
            CheckString(type, "DisplayName", path, required: false);
            CheckSettings(type, path);
            CheckList(type, "ContentTypePartDefinitionRecords", path, (record, recordPath) =>
            {
                CheckString(record, "PartName", recordPath, required: false);
                CheckString(record, "Name", recordPath, required: true);
                CheckSettings(record, recordPath);
            });
        });
        CheckList(step, "ContentParts", stepPath, (part, path) =>
        {
            CheckString(part, "Name", path, required: true);
            CheckSettings(part, path);
            CheckList(part, "ContentPartFieldDefinitionRecords", path, (record, recordPath) =>
            {
                CheckString(record, "FieldName", recordPath, required: true);
                CheckString(record, "Name", recordPath, required: true);
                CheckSettings(record, recordPath);
            });
        });
    }

    private static void CheckList(JsonObject owner, string key, string ownerPath, Action<JsonObject, string> each)
    {
        foreach (var name in Keys(owner, key, ownerPath))
        {
            var path = $"{ownerPath}.{name}";
            switch (owner[name])
            {
                case null:
                    owner.Remove(name);
                    break;
                case JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is not JsonObject element)
                        {
                            throw new RecipeException(EngineText.T("{0} の要素は JSON オブジェクトでなければなりません（{1} が書かれています）。", key, Kind(list[i])), jsonPath: $"{path}[{i}]");
                        }

                        each(element, $"{path}[{i}]");
                    }

                    break;
                default:
                    throw new RecipeException(EngineText.T("{0} は配列でなければなりません（{1} が書かれています）。", key, Kind(owner[name])), jsonPath: path);
            }
        }
    }

    private static void CheckSettings(JsonObject owner, string ownerPath)
    {
        foreach (var name in Keys(owner, "Settings", ownerPath))
        {
            switch (owner[name])
            {
                case null:
                    owner.Remove(name);
                    break;
                case JsonObject:
                    break;
                default:
                    throw new RecipeException(EngineText.T("Settings は JSON オブジェクトでなければなりません（{0} が書かれています）。", Kind(owner[name])), jsonPath: $"{ownerPath}.{name}");
            }
        }
    }

    private static void CheckString(JsonObject owner, string key, string ownerPath, bool required)
    {
        var names = Keys(owner, key, ownerPath);
        if (names.Count == 0 || owner[names[0]] is null)
        {
            if (required)
            {
                throw new RecipeException(EngineText.T("{0} がありません。", key), jsonPath: $"{ownerPath}.{key}");
            }

            return;
        }

        if (owner[names[0]]!.GetValueKind() != JsonValueKind.String)
        {
            throw new RecipeException(EngineText.T("{0} は文字列でなければなりません（{1} が書かれています）。", key, Kind(owner[names[0]])), jsonPath: $"{ownerPath}.{names[0]}");
        }
    }

    // Binding is case-insensitive, so "settings" and "Settings" are the same key; two spellings at once are ambiguous.
    private static List<string> Keys(JsonObject owner, string key, string ownerPath)
    {
        var names = owner.Select(p => p.Key).Where(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (names.Count > 1)
        {
            throw new RecipeException(EngineText.T("{0} が大文字・小文字違いで複数書かれています（{1}）。一つにしてください。", key, string.Join("、", names)), jsonPath: ownerPath);
        }

        return names;
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => EngineText.T("文字列"),
        JsonValueKind.Number => EngineText.T("数値"),
        JsonValueKind.True or JsonValueKind.False => EngineText.T("真偽値"),
        JsonValueKind.Array => EngineText.T("配列"),
        _ => EngineText.T("オブジェクト"),
    };
}
