using System.Text.Json;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Editions;

/// <summary>Reads and writes the base edition and its open conflicts as store documents.</summary>
public sealed class EditionStore(IContentStore store)
{
    /// <summary>Document holding the last imported base.</summary>
    public const string BaseDocumentName = "BaseEdition";

    /// <summary>Document holding the ids and localization sets of the base's items (small, read with every snapshot).</summary>
    public const string BaseKeysDocumentName = "BaseEditionKeys";

    /// <summary>Document holding the open conflicts.</summary>
    public const string ConflictsDocumentName = "EditionConflicts";

    /// <summary>The stored base, or null when the site never imported one.</summary>
    public async Task<BaseEdition?> GetBaseAsync(CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(BaseDocumentName, cancellationToken) is { } doc
            ? JsonSerializer.Deserialize<BaseEdition>(doc.Content, ContentJson.Options)
            : null;

    /// <summary>The stored base document's version (changes with every base import), or null.</summary>
    public async Task<long?> BaseVersionAsync(CancellationToken cancellationToken = default) =>
        (await store.GetDocumentAsync(BaseDocumentName, cancellationToken))?.Version;

    /// <summary>The open conflicts.</summary>
    public async Task<EditionConflictList> GetConflictsAsync(CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(ConflictsDocumentName, cancellationToken) is { } doc
            ? JsonSerializer.Deserialize<EditionConflictList>(doc.Content, ContentJson.Options) ?? new EditionConflictList()
            : new EditionConflictList();

    /// <summary>Writes the base, and the keys of its items beside it.</summary>
    public async Task SaveBaseAsync(BaseEdition edition, CancellationToken cancellationToken = default)
    {
        await store.SaveDocumentAsync(BaseDocumentName, JsonSerializer.Serialize(edition, ContentJson.Compact), cancellationToken);
        await store.SaveDocumentAsync(BaseKeysDocumentName, JsonSerializer.Serialize(KeysOf(edition.Recipe), ContentJson.Compact), cancellationToken);
    }

    /// <summary>The ids and localization sets of the stored base's items; null when the site has no base.</summary>
    public static async Task<IReadOnlySet<string>?> GetBaseKeysAsync(IContentStore store, CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(BaseKeysDocumentName, cancellationToken) is { } doc
            ? JsonSerializer.Deserialize<List<string>>(doc.Content, ContentJson.Options)?.ToHashSet(StringComparer.Ordinal)
            : null;

    // Items of the base are known by id and by localization set, so a translation the site adds to a base item's set
    // counts as part of the base entry it translates.
    private static List<string> KeysOf(System.Text.Json.Nodes.JsonObject recipe)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in (recipe["steps"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            if (!string.Equals(step["name"]?.ToString(), "Content", StringComparison.OrdinalIgnoreCase) || (step["data"] ?? step["Data"]) is not System.Text.Json.Nodes.JsonArray data)
            {
                continue;
            }

            foreach (var item in data.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                if (item["ContentItemId"]?.ToString() is { Length: > 0 } id)
                {
                    keys.Add(id);
                }

                if (item["LocalizationPart"]?["LocalizationSet"]?.ToString() is { Length: > 0 } set)
                {
                    keys.Add(set);
                }
            }
        }

        return [.. keys];
    }

    /// <summary>Writes the conflicts.</summary>
    public Task SaveConflictsAsync(EditionConflictList conflicts, CancellationToken cancellationToken = default) =>
        store.SaveDocumentAsync(ConflictsDocumentName, JsonSerializer.Serialize(conflicts, ContentJson.Compact), cancellationToken);
}
