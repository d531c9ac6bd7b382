using System.Text.Json;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Editions;

/// <summary>Reads and writes the base edition and its open conflicts as store documents.</summary>
public sealed class EditionStore(IContentStore store)
{
    /// <summary>Document holding the last imported base.</summary>
    public const string BaseDocumentName = "BaseEdition";

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

    /// <summary>Writes the base.</summary>
    public Task SaveBaseAsync(BaseEdition edition, CancellationToken cancellationToken = default) =>
        store.SaveDocumentAsync(BaseDocumentName, JsonSerializer.Serialize(edition, ContentJson.Compact), cancellationToken);

    /// <summary>Writes the conflicts.</summary>
    public Task SaveConflictsAsync(EditionConflictList conflicts, CancellationToken cancellationToken = default) =>
        store.SaveDocumentAsync(ConflictsDocumentName, JsonSerializer.Serialize(conflicts, ContentJson.Compact), cancellationToken);
}
