using System.Text.Json;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Metadata;

/// <summary>Loads and saves the content definition document (one per site). Scoped: loads once per scope.</summary>
public sealed class ContentDefinitionManager(IContentStore store)
{
    /// <summary>Name of the document in the store.</summary>
    public const string DocumentName = "ContentDefinition";

    private ContentDefinitionDocument? _loaded;

    /// <summary>The current definitions (shared within the scope; call <see cref="SaveAsync"/> after changing them).</summary>
    public async Task<ContentDefinitionDocument> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is not null)
        {
            return _loaded;
        }

        var doc = await store.GetDocumentAsync(DocumentName, cancellationToken);
        _loaded = doc is null ? new ContentDefinitionDocument() : Parse(doc.Content);
        return _loaded;
    }

    /// <summary>Writes the definitions.</summary>
    public async Task SaveAsync(ContentDefinitionDocument document, CancellationToken cancellationToken = default)
    {
        _loaded = document;
        await store.SaveDocumentAsync(DocumentName, JsonSerializer.Serialize(document, ContentJson.Compact), cancellationToken);
    }

    /// <summary>Drops the scope cache (after a rollback).</summary>
    public void Forget() => _loaded = null;

    /// <summary>Parses a stored definition document.</summary>
    public static ContentDefinitionDocument Parse(string json) =>
        JsonSerializer.Deserialize<ContentDefinitionDocument>(json, ContentJson.Options) ?? new ContentDefinitionDocument();
}
