using System.Text.Json.Nodes;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Management;

/// <summary>Site settings (SiteName, Culture, HomeRoute and any named section) as one JSON document.</summary>
public sealed class SiteSettingsManager(IContentStore store)
{
    /// <summary>Name of the document in the store.</summary>
    public const string DocumentName = "SiteSettings";

    /// <summary>The settings object (a copy).</summary>
    public async Task<JsonObject> LoadAsync(CancellationToken cancellationToken = default)
    {
        var doc = await store.GetDocumentAsync(DocumentName, cancellationToken);
        return doc is null ? [] : JsonNode.Parse(doc.Content) as JsonObject ?? [];
    }

    /// <summary>Writes the settings.</summary>
    public Task SaveAsync(JsonObject settings, CancellationToken cancellationToken = default) =>
        store.SaveDocumentAsync(DocumentName, settings.ToJsonString(ContentJson.Compact), cancellationToken);
}
