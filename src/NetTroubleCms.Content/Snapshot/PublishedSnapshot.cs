using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Snapshot;

/// <summary>
/// An immutable picture of everything the public may see: published items, definitions and site settings.
/// Public pages and the read API read only this, never the database.
/// </summary>
public sealed class PublishedSnapshot
{
    /// <summary>Builds the indexes over <paramref name="items"/>.</summary>
    /// <param name="definitionsJson">The definitions serialised compactly, when the caller has them already.</param>
    public PublishedSnapshot(IReadOnlyList<ContentItem> items, ContentDefinitionDocument definitions, JsonObject settings, string stamp, DateTime builtUtc, IReadOnlyList<Queries.SavedQuery>? savedQueries = null, IReadOnlySet<string>? baseKeys = null, string? definitionsJson = null)
    {
        BaseKeys = baseKeys;
        SavedQueries = savedQueries ?? [];
        Items = items;
        Definitions = definitions;
        Settings = settings;
        Stamp = stamp;
        BuiltUtc = builtUtc;
        ById = items.GroupBy(i => i.ContentItemId, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Every item's path, read once here: pages and models ask for it per item and culture, and a read of a frozen
        // item's part makes its JSON tree again.
        _paths = new Dictionary<ContentItem, string>(ReferenceEqualityComparer.Instance);
        foreach (var item in items)
        {
            if (PathOf(item, definitions) is { Length: > 0 } path)
            {
                _paths[item] = path;
            }
        }

        ByPath = _paths
            .GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase);
        ByType = items.GroupBy(i => i.ContentType, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<ContentItem>)[.. g], StringComparer.Ordinal);

        // The ETag is a hash of what the public sees, so every instance computes the same one for the same content.
        var content = new StringBuilder();
        foreach (var item in items)
        {
            content.Append(item.ContentItemVersionId).Append('|');
        }

        content.Append(definitionsJson ?? System.Text.Json.JsonSerializer.Serialize(definitions, ContentJson.Compact)).Append(settings.ToJsonString());
        foreach (var query in SavedQueries)
        {
            content.Append('|').Append(query.ToJson().ToJsonString());
        }

        if (baseKeys is not null)
        {
            content.Append("|base:").AppendJoin(',', baseKeys.Order(StringComparer.Ordinal));
        }

        ETag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())))[..32];
    }

    /// <summary>Ids and localization sets of the site's base guide; null when the site has none (then nothing is local).</summary>
    public IReadOnlySet<string>? BaseKeys { get; }

    /// <summary>True when the item is the site's own (regional) entry: the site has a base guide and the item is not in it.</summary>
    public bool IsLocal(ContentItem item) =>
        BaseKeys is { } keys && !keys.Contains(item.ContentItemId)
        && !(LocalizationSets.SetOf(item, Definitions) is { } set && keys.Contains(set));

    /// <summary>Every published item, in storage order.</summary>
    public IReadOnlyList<ContentItem> Items { get; }

    /// <summary>Definitions at build time.</summary>
    public ContentDefinitionDocument Definitions { get; }

    /// <summary>Saved queries (Orchard's <c>queries</c> step) at build time.</summary>
    public IReadOnlyList<Queries.SavedQuery> SavedQueries { get; }

    /// <summary>Site settings at build time.</summary>
    public JsonObject Settings { get; }

    /// <summary>The publish stamp the snapshot was built from.</summary>
    public string Stamp { get; }

    /// <summary>When it was built.</summary>
    public DateTime BuiltUtc { get; }

    /// <summary>Hash of the published content: a strong validator for HTTP caching.</summary>
    public string ETag { get; }

    /// <summary>Items by id.</summary>
    public IReadOnlyDictionary<string, ContentItem> ById { get; }

    /// <summary>Items by AutoroutePart path (case-insensitive).</summary>
    public IReadOnlyDictionary<string, ContentItem> ByPath { get; }

    /// <summary>Items by type.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ContentItem>> ByType { get; }

    /// <summary>The published item, or null.</summary>
    public ContentItem? Get(string contentItemId) => ById.GetValueOrDefault(contentItemId);

    /// <summary>The published item at <paramref name="path"/>, or null.</summary>
    public ContentItem? GetByPath(string path) => ByPath.GetValueOrDefault(path.Trim('/'));

    /// <summary>Published items of a type (empty when none).</summary>
    public IReadOnlyList<ContentItem> OfType(string contentType) => ByType.GetValueOrDefault(contentType) ?? [];

    private readonly Dictionary<ContentItem, string> _paths;

    /// <summary>The AutoroutePart path of an item, or null.</summary>
    public string? PathOf(ContentItem item) => _paths.TryGetValue(item, out var path) ? path : PathOf(item, Definitions);

    private static string? PathOf(ContentItem item, ContentDefinitionDocument definitions)
    {
        var name = definitions.GetType(item.ContentType)?.GetPartOfType("AutoroutePart")?.Name ?? "AutoroutePart";
        return item.Part(name)?["Path"] is JsonValue v && v.TryGetValue(out string? path) ? path.Trim('/') : null;
    }
}
