using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Editions;

/// <summary>
/// Three-way merge of one item: what the last imported base said (old), what the site holds now (local) and what the
/// newer base says (new). Where only one side changed a value, that side wins; where both changed it differently, the
/// local value is kept and a conflict is recorded for a person to decide.
/// </summary>
public static class EditionMerger
{
    /// <summary>Keys that describe a version rather than its content: never compared, taken from the new base.</summary>
    public static readonly IReadOnlyList<string> MetadataKeys =
        ["ContentItemVersionId", "Latest", "Published", "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author"];

    /// <summary>The item's content without its version metadata, for comparing two copies.</summary>
    public static JsonObject WithoutMetadata(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        foreach (var key in MetadataKeys)
        {
            copy.Remove(key);
        }

        return copy;
    }

    /// <summary>True when two copies of an item say the same, version metadata aside.</summary>
    public static bool SameContent(JsonObject a, JsonObject b) => JsonNode.DeepEquals(WithoutMetadata(a), WithoutMetadata(b));

    /// <summary>
    /// Merges one item. <paramref name="old"/> is null when the item is new to the base. The result carries the new
    /// base's metadata; every disagreement is added to <paramref name="conflicts"/> as (path, old, local, new).
    /// </summary>
    public static JsonObject MergeItem(JsonObject? old, JsonObject local, JsonObject @new, List<MergeConflict> conflicts)
    {
        var merged = Merge(Slot.Of(old is null ? null : WithoutMetadata(old), old is not null), Slot.Of(WithoutMetadata(local)), Slot.Of(WithoutMetadata(@new)), "", conflicts);
        var result = merged.Node as JsonObject ?? WithoutMetadata(local);
        var ordered = new JsonObject();
        // Orchard's item shape: the identity and metadata first, as the new base writes them.
        foreach (var key in new[] { "ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published", "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author" })
        {
            if (MetadataKeys.Contains(key))
            {
                if (@new.TryGetPropertyValue(key, out var value))
                {
                    ordered[key] = value?.DeepClone();
                }
            }
            else if (result.TryGetPropertyValue(key, out var value))
            {
                ordered[key] = value?.DeepClone();
            }
        }

        foreach (var (key, value) in result)
        {
            if (!ordered.ContainsKey(key))
            {
                ordered[key] = value?.DeepClone();
            }
        }

        return ordered;
    }

    /// <summary>A value that may be missing altogether (a missing key is not the same as a JSON null).</summary>
    private readonly record struct Slot(bool Has, JsonNode? Node)
    {
        public static Slot Of(JsonNode? node, bool has = true) => new(has, node);

        public static readonly Slot Missing = new(false, null);

        public bool SameAs(Slot other) => Has == other.Has && (!Has || JsonNode.DeepEquals(Node, other.Node));

        public Slot Copy() => Has ? new Slot(true, Node?.DeepClone()) : Missing;
    }

    private static Slot Merge(Slot old, Slot local, Slot @new, string path, List<MergeConflict> conflicts)
    {
        if (local.SameAs(old))
        {
            return @new.Copy();
        }

        if (@new.SameAs(old) || local.SameAs(@new))
        {
            return local.Copy();
        }

        if (local.Node is JsonObject l && @new.Node is JsonObject n && (!old.Has || old.Node is null or JsonObject))
        {
            var o = old.Node as JsonObject;
            var result = new JsonObject();
            foreach (var key in n.Select(p => p.Key).Concat(l.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList())
            {
                var merged = Merge(Get(o, key), Get(l, key), Get(n, key), Join(path, key), conflicts);
                if (merged.Has)
                {
                    result[key] = merged.Node;
                }
            }

            return Slot.Of(result);
        }

        if (local.Node is JsonArray la && @new.Node is JsonArray na && (!old.Has || old.Node is null or JsonArray))
        {
            var oa = old.Node as JsonArray ?? [];
            if (AllStrings(la) && AllStrings(na) && AllStrings(oa))
            {
                return Slot.Of(MergeSet(Strings(oa), Strings(la), Strings(na)));
            }

            if (AllIdentified(la) && AllIdentified(na) && AllIdentified(oa))
            {
                return Slot.Of(MergeById(oa, la, na, path, conflicts));
            }
        }

        conflicts.Add(new MergeConflict(path, old.Has ? old.Node?.DeepClone() : null, old.Has, local.Node?.DeepClone(), local.Has, @new.Node?.DeepClone(), @new.Has));
        return local.Copy();
    }

    // Lists of ids (a picker's ContentItemIds, a set picker's LocalizationSets): the new base's order, what the site
    // added kept at the end, what the site took out left out.
    private static JsonArray MergeSet(List<string> old, List<string> local, List<string> @new)
    {
        var removedLocally = old.Where(x => !local.Contains(x)).ToHashSet(StringComparer.Ordinal);
        var addedLocally = local.Where(x => !old.Contains(x)).ToList();
        var result = new List<string>();
        foreach (var x in @new.Concat(addedLocally))
        {
            if (!removedLocally.Contains(x) && !result.Contains(x))
            {
                result.Add(x);
            }
        }

        return [.. result.Select(x => (JsonNode)JsonValue.Create(x))];
    }

    // Bag items (e.g. an agency's channels) are matched by their ids and merged one by one.
    private static JsonArray MergeById(JsonArray old, JsonArray local, JsonArray @new, string path, List<MergeConflict> conflicts)
    {
        var o = ById(old);
        var l = ById(local);
        var n = ById(@new);
        var result = new JsonArray();
        var order = n.Keys.Concat(l.Keys.Where(id => !n.ContainsKey(id))).ToList();
        foreach (var id in order)
        {
            var merged = Merge(o.TryGetValue(id, out var oi) ? Slot.Of(oi) : Slot.Missing, l.TryGetValue(id, out var li) ? Slot.Of(li) : Slot.Missing,
                n.TryGetValue(id, out var ni) ? Slot.Of(ni) : Slot.Missing, $"{path}[{id}]", conflicts);
            if (merged.Has)
            {
                result.Add(merged.Node);
            }
        }

        return result;
    }

    private static Dictionary<string, JsonNode> ById(JsonArray array)
    {
        var map = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var node in array)
        {
            map.TryAdd(node!["ContentItemId"]!.GetValue<string>(), node);
        }

        return map;
    }

    private static Slot Get(JsonObject? o, string key) => o is not null && o.TryGetPropertyValue(key, out var v) ? Slot.Of(v) : Slot.Missing;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool AllStrings(JsonArray a) => a.All(x => x is JsonValue v && v.GetValueKind() == JsonValueKind.String);

    private static List<string> Strings(JsonArray a) => [.. a.Select(x => x!.GetValue<string>())];

    private static bool AllIdentified(JsonArray a) =>
        a.All(x => x is JsonObject o && o["ContentItemId"] is JsonValue v && v.GetValueKind() == JsonValueKind.String);
}

/// <summary>
/// One value both the site and the newer base changed, differently. <c>Has…</c> false means the key was absent there.
/// The path is dot-separated from the item's root; bag items appear as <c>[id]</c>.
/// </summary>
public sealed record MergeConflict(string Path, JsonNode? Old, bool HasOld, JsonNode? Local, bool HasLocal, JsonNode? New, bool HasNew);
