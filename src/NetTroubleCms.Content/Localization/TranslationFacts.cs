using NetTroubleCms.Content.Resources;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Localization;

/// <summary>A shared fact whose copy in a translation differs from the original's.</summary>
/// <param name="Path">Where the fact sits in the item, e.g. <c>Channels.ContentItems[1].Channel.Value</c>.</param>
/// <param name="Label">The same place named with the definitions' display names, e.g. <c>連絡方法 2 › 連絡先</c>.</param>
/// <param name="OriginalValue">The original's value as JSON (empty when it has none).</param>
/// <param name="TranslationValue">The translation's value as JSON.</param>
public sealed record FactDisagreement(string Path, string Label, string OriginalValue, string TranslationValue);

/// <summary>
/// Which parts and fields of a type are facts shared by every translation in a LocalizationSet, and the JSON
/// operations built on that rule. The rule is data: a type-part attachment or a part field carries the settings bag
/// <c>"TranslationSettings": { "Shared": true }</c>. Orchard Core ignores the bag, so recipes stay Orchard-shaped.
/// A shared BagPart shares its structure (which items, in which order) and the shared fields of the items in it,
/// while their other fields stay translatable.
/// </summary>
public static class TranslationFacts
{
    /// <summary>Name of the settings bag that marks a part attachment or field as shared.</summary>
    public const string SettingsName = "TranslationSettings";

    // Parts that belong to one language's item by nature, never to the set, and carry no translatable words.
    private static readonly HashSet<string> PerItemParts = new(StringComparer.Ordinal) { "LocalizationPart", "AutoroutePart" };

    private static readonly HashSet<string> RootKeys = new(ContentItem.WellKnownKeys, StringComparer.Ordinal);

    /// <summary>True when a settings object marks its owner as shared across translations.</summary>
    public static bool IsShared(JsonObject settings) => settings.Bag(SettingsName).Bool("Shared");

    /// <summary>True when the type has anything shared; types without are left entirely alone.</summary>
    public static bool HasSharedFacts(string contentType, ContentDefinitionDocument defs) =>
        defs.GetType(contentType) is { } type && Rules(type, defs).Any();

    /// <summary>
    /// The translation as readers must see it: its own words, and every shared fact taken from
    /// <paramref name="original"/>. Neither argument is changed.
    /// </summary>
    public static ContentItem Compose(ContentItem translation, ContentItem original, ContentDefinitionDocument defs)
    {
        var result = translation.Clone();
        Overlay(result.Content, original.Content, translation.ContentType, defs);
        return result;
    }

    /// <summary>Removes every shared fact from <paramref name="content"/> (the parts of an item or of a bag item).</summary>
    public static void Strip(JsonObject content, string contentType, ContentDefinitionDocument defs)
    {
        if (defs.GetType(contentType) is not { } type)
        {
            return;
        }

        foreach (var rule in Rules(type, defs))
        {
            switch (rule)
            {
                case { IsBag: true }:
                    if (content[rule.Attachment] is JsonObject bag && bag["ContentItems"] is JsonArray children)
                    {
                        // A bag item that holds no words once its facts are gone is dropped: the original's stands for it.
                        for (var i = children.Count - 1; i >= 0; i--)
                        {
                            if (children[i] is JsonObject child && child["ContentType"]?.ToString() is { } childType)
                            {
                                Strip(child, childType, defs);
                                if (!HasWords(child))
                                {
                                    children.RemoveAt(i);
                                }
                            }
                        }

                        if (children.Count == 0)
                        {
                            content.Remove(rule.Attachment);
                        }
                    }

                    break;
                case { Field: null }:
                    content.Remove(rule.Attachment);
                    break;
                default:
                    (content[rule.Attachment] as JsonObject)?.Remove(rule.Field);
                    break;
            }
        }
    }

    /// <summary>
    /// Gives the bag items of <paramref name="translation"/> the ids of the original's items at the same position
    /// where they do not already match one, so that later edits meet. Used when a recipe brings full copies.
    /// </summary>
    public static void AlignBagItems(JsonObject translation, JsonObject original, string contentType, ContentDefinitionDocument defs)
    {
        if (defs.GetType(contentType) is not { } type)
        {
            return;
        }

        foreach (var rule in Rules(type, defs).Where(r => r.IsBag))
        {
            if (Children(translation, rule.Attachment) is not { } mine || Children(original, rule.Attachment) is not { } theirs)
            {
                continue;
            }

            var known = theirs.OfType<JsonObject>().Select(c => c["ContentItemId"]?.ToString()).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < mine.Count && i < theirs.Count; i++)
            {
                if (mine[i] is JsonObject child && !known.Contains(child["ContentItemId"]?.ToString()) && theirs[i] is JsonObject other)
                {
                    child["ContentItemId"] = other["ContentItemId"]?.DeepClone();
                    child["ContentItemVersionId"] = other["ContentItemVersionId"]?.DeepClone();
                }
            }
        }
    }

    /// <summary>Copies every shared fact of <paramref name="source"/> into <paramref name="target"/> (both item contents).</summary>
    public static void Overlay(JsonObject target, JsonObject source, string contentType, ContentDefinitionDocument defs)
    {
        if (defs.GetType(contentType) is not { } type)
        {
            return;
        }

        foreach (var rule in Rules(type, defs))
        {
            if (rule.IsBag)
            {
                OverlayBag(target, source, rule.Attachment, defs);
            }
            else if (rule.Field is null)
            {
                Set(target, rule.Attachment, source[rule.Attachment]);
            }
            else
            {
                var value = (source[rule.Attachment] as JsonObject)?[rule.Field];
                if (value is null && target[rule.Attachment] is not JsonObject)
                {
                    continue;
                }

                if (target[rule.Attachment] is not JsonObject part)
                {
                    part = [];
                    target[rule.Attachment] = part;
                }

                Set(part, rule.Field, value);
            }
        }
    }

    /// <summary>The shared facts on which a translation's copies differ from the original's (missing copies agree).</summary>
    public static IReadOnlyList<FactDisagreement> Compare(ContentItem translation, ContentItem original, ContentDefinitionDocument defs)
    {
        var found = new List<FactDisagreement>();
        Compare(translation.Content, original.Content, translation.ContentType, defs, "", "", found);
        return found;
    }

    /// <summary>
    /// A short hash of the item's translatable words (everything that is not a shared fact, a route or the
    /// localization link). A translation records the original's hash when it is saved; when the original's words
    /// change later, the hashes differ and the translation is out of date.
    /// </summary>
    public static string TextHash(ContentItem item, ContentDefinitionDocument defs)
    {
        var content = (JsonObject)item.Content.DeepClone();
        Strip(content, item.ContentType, defs);
        var type = defs.GetType(item.ContentType);
        foreach (var attachment in type?.ContentTypePartDefinitionRecords ?? [])
        {
            if (PerItemParts.Contains(attachment.PartName))
            {
                content.Remove(attachment.Name);
            }
        }

        foreach (var name in PerItemParts)
        {
            content.Remove(name);
        }

        var lines = new List<string>();
        CollectText(content, "", lines);
        lines.Sort(StringComparer.Ordinal);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    private static void CollectText(JsonNode? node, string path, List<string> lines)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    // Inside bag items the root keys are ids and derived labels, not words.
                    if (path.Length > 0 && RootKeys.Contains(key))
                    {
                        continue;
                    }

                    CollectText(value, path.Length == 0 ? key : path + "/" + key, lines);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CollectText(array[i], path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), lines);
                }

                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length > 0)
                {
                    lines.Add(path + "\u001f" + text);
                }

                break;
        }
    }

    private static void Compare(JsonObject mine, JsonObject theirs, string contentType, ContentDefinitionDocument defs, string path, string label, List<FactDisagreement> found)
    {
        if (defs.GetType(contentType) is not { } type)
        {
            return;
        }

        foreach (var rule in Rules(type, defs))
        {
            var at = Join(path, rule.Attachment);
            var named = JoinLabel(label, rule.AttachmentLabel);
            if (rule.IsBag)
            {
                if (Children(mine, rule.Attachment) is not { } a)
                {
                    continue;
                }

                var b = Children(theirs, rule.Attachment) ?? [];
                if (a.Count != b.Count)
                {
                    found.Add(new FactDisagreement(at + ".ContentItems", named, EngineText.T("{0} 件", b.Count), EngineText.T("{0} 件", a.Count)));
                    continue;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonObject x && b[i] is JsonObject y && x["ContentType"]?.ToString() is { } childType)
                    {
                        Compare(x, y, childType, defs, $"{at}.ContentItems[{i}]", $"{named} {i + 1}", found);
                    }
                }
            }
            else if (rule.Field is null)
            {
                if (mine[rule.Attachment] is { } value && !JsonNode.DeepEquals(value, theirs[rule.Attachment]))
                {
                    found.Add(new FactDisagreement(at, named, Show(theirs[rule.Attachment]), Show(value)));
                }
            }
            else if ((mine[rule.Attachment] as JsonObject)?[rule.Field] is { } value
                && !SameFieldValue(value, (theirs[rule.Attachment] as JsonObject)?[rule.Field]))
            {
                found.Add(new FactDisagreement(at + "." + rule.Field, JoinLabel(named, rule.FieldLabel), Show((theirs[rule.Attachment] as JsonObject)?[rule.Field]), Show(value)));
            }
        }
    }

    // An empty field object and a field holding null say the same thing: nothing is known.
    private static bool SameFieldValue(JsonNode a, JsonNode? b) =>
        JsonNode.DeepEquals(a, b) || (IsBlank(a) && IsBlank(b));

    private static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.All(kv => IsBlank(kv.Value)),
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() == System.Text.Json.JsonValueKind.Null
            || (v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length == 0),
        _ => false,
    };

    private static string Show(JsonNode? node) => node?.ToJsonString(ContentJson.Compact) ?? "";

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string JoinLabel(string label, string name) => label.Length == 0 ? name : label + " › " + name;

    private static void OverlayBag(JsonObject target, JsonObject source, string attachment, ContentDefinitionDocument defs)
    {
        var theirs = Children(source, attachment);
        if (theirs is null)
        {
            target.Remove(attachment);
            return;
        }

        var mine = Children(target, attachment) ?? [];
        var byId = mine.OfType<JsonObject>()
            .Where(c => c["ContentItemId"] is not null)
            .GroupBy(c => c["ContentItemId"]!.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var composed = new JsonArray();
        foreach (var other in theirs.OfType<JsonObject>())
        {
            // The original's item gives the shape and every fact; the translation's words replace its words in place,
            // so the composed JSON has one key order however little the translation holds. Words a translation lacks
            // stay the original's: the Japanese fallback the whole guide uses.
            var child = (JsonObject)other.DeepClone();
            if (byId.TryGetValue(other["ContentItemId"]?.ToString() ?? "", out var own))
            {
                OverlayWords(child, own);
                Overlay(child, other, other["ContentType"]?.ToString() ?? "", defs);
            }

            composed.Add(child);
        }

        if (target[attachment] is not JsonObject bag)
        {
            bag = [];
            target[attachment] = bag;
        }

        bag["ContentItems"] = composed;
    }

    private static void OverlayWords(JsonObject target, JsonObject words)
    {
        foreach (var (key, value) in words)
        {
            if (key == "ContentItemId")
            {
                continue;
            }

            if (value is JsonObject part && target[key] is JsonObject mine)
            {
                foreach (var (field, fieldValue) in part)
                {
                    mine[field] = fieldValue?.DeepClone();
                }
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonArray? Children(JsonObject content, string attachment) =>
        (content[attachment] as JsonObject)?["ContentItems"] as JsonArray;

    private static bool HasWords(JsonObject child) =>
        child.Any(kv => !RootKeys.Contains(kv.Key) && kv.Value is JsonObject part && part.Any(f => !IsBlank(f.Value)));

    private static void Set(JsonObject target, string key, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(key);
        }
        else
        {
            target[key] = value.DeepClone();
        }
    }

    private sealed record Rule(string Attachment, string AttachmentLabel, string? Field, string FieldLabel, bool IsBag);

    private static IEnumerable<Rule> Rules(ContentTypeDefinitionRecord type, ContentDefinitionDocument defs)
    {
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var label = attachment.Settings.Bag("ContentTypePartSettings").String("DisplayName") ?? attachment.Name;
            if (IsShared(attachment.Settings))
            {
                yield return new Rule(attachment.Name, label, null, "", attachment.PartName == "BagPart");
                continue;
            }

            foreach (var field in defs.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                if (IsShared(field.Settings))
                {
                    yield return new Rule(attachment.Name, label, field.Name, field.DisplayName, false);
                }
            }
        }
    }
}
