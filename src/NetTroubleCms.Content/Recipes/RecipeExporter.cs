using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Recipes;

/// <summary>Writes definitions, published content and settings as a recipe Orchard Core can import.</summary>
public sealed class RecipeExporter(
    IContentStore store,
    ContentDefinitionManager definitions,
    SiteSettingsManager settings,
    IEnumerable<IRecipeExportSource> sources)
{
    /// <summary>Builds the recipe.</summary>
    public async Task<JsonObject> ExportAsync(RecipeExportRequest request, CancellationToken cancellationToken = default)
    {
        var (recipe, _, _) = await BuildAsync(request, streamContent: false, cancellationToken);
        return recipe;
    }

    /// <summary>
    /// Writes the recipe <see cref="ExportAsync"/> builds to <paramref name="output"/>, the same text as its
    /// <c>ToJsonString(ContentJson.Options)</c>, without holding it: the items of the Content step are written one by
    /// one as they are read, not copied into a tree and then into one string (a large site's export is tens of MB).
    /// Returns the media paths the content names, as <see cref="Media.MediaReferences.InRecipe"/> finds them.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(RecipeExportRequest request, Stream output, CancellationToken cancellationToken = default)
    {
        var (recipe, content, items) = await BuildAsync(request, streamContent: true, cancellationToken);
        var defs = await definitions.LoadAsync(cancellationToken);
        var media = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Only media fields name files; a site without any needs no look at each item.
        var hasMediaFields = defs.ContentParts.Any(p => p.ContentPartFieldDefinitionRecords.Any(f => f.FieldName == "MediaField"));
        await using var writer = new Utf8JsonWriter(output, ContentItem.WriterOptions(ContentJson.Options));
        writer.WriteStartObject();
        foreach (var (key, value) in recipe)
        {
            writer.WritePropertyName(key);
            if (value is not JsonArray steps || key != "steps")
            {
                WriteNode(writer, value);
                continue;
            }

            writer.WriteStartArray();
            foreach (var step in steps)
            {
                if (!ReferenceEquals(step, content))
                {
                    WriteNode(writer, step);
                    continue;
                }

                // The Content step: its name, then its items straight from the store's rows.
                writer.WriteStartObject();
                writer.WriteString("name", "Content");
                writer.WriteStartArray("data");
                foreach (var item in items)
                {
                    item.WriteTo(writer, ContentJson.Options);
                    foreach (var path in hasMediaFields ? Media.MediaReferences.InItem(item.ToJson(), defs) : [])
                    {
                        if (seen.Add(path))
                        {
                            media.Add(path);
                        }
                    }

                    if (writer.BytesPending > 64 * 1024)
                    {
                        await writer.FlushAsync(cancellationToken);
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        return media;
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer, ContentJson.Options);
        }
    }

    // streamContent: the Content step is left empty (its object is returned to be recognised) and its items are
    // returned instead, ready to be written one by one.
    private async Task<(JsonObject Recipe, JsonObject? Content, List<ContentItem> Items)> BuildAsync(RecipeExportRequest request, bool streamContent, CancellationToken cancellationToken)
    {
        var steps = new JsonArray();
        JsonObject? contentStep = null;
        var exported = new List<ContentItem>();
        var defs = await definitions.LoadAsync(cancellationToken);
        // Settings come first: they name the site's default culture, which tells the Content step which items are
        // originals and which are translations of them.
        if (request.IncludeSettings)
        {
            var site = await settings.LoadAsync(cancellationToken);
            if (site.Count > 0)
            {
                var step = new JsonObject { ["name"] = "Settings" };
                foreach (var (key, value) in site)
                {
                    step[key] = value?.DeepClone();
                }

                steps.Add(step);
            }
        }

        if (request.IncludeDefinitions)
        {
            var types = defs.ContentTypes.Where(t => request.ContentTypes.Count == 0 || request.ContentTypes.Contains(t.Name)).ToList();
            var partNames = types.SelectMany(t => t.ContentTypePartDefinitionRecords.Select(a => a.PartName)).ToHashSet(StringComparer.Ordinal);
            // Parts follow their types; parts with fields of nested (bag) types come along through those types.
            var parts = defs.ContentParts.Where(p => request.ContentTypes.Count == 0 || partNames.Contains(p.Name)).ToList();
            steps.Add(new JsonObject
            {
                ["name"] = "ContentDefinition",
                ["ContentTypes"] = JsonSerializer.SerializeToNode(types, ContentJson.Options),
                ["ContentParts"] = JsonSerializer.SerializeToNode(parts, ContentJson.Options),
            });
        }

        if (request.IncludeContent)
        {
            var parsed = (await store.GetAllPublishedAsync(cancellationToken)).Select(r => ContentManager.ToItem(r)!).ToList();
            var data = new JsonArray();
            // Each culture's item is written complete, the set's shared facts copied in, as Orchard Core expects.
            var culture = LocalizationSets.DefaultCulture(await settings.LoadAsync(cancellationToken));
            foreach (var item in LocalizationSets.ComposeAll(parsed, culture, defs))
            {
                if ((request.ContentTypes.Count > 0 && !request.ContentTypes.Contains(item.ContentType))
                    || (request.ContentItemIds.Count > 0 && !request.ContentItemIds.Contains(item.ContentItemId)))
                {
                    continue;
                }

                // The export stands for the published state: in the target site this version is both published and latest.
                item.Latest = true;
                if (streamContent)
                {
                    exported.Add(item);
                }
                else
                {
                    data.Add(item.ToJson());
                }
            }

            contentStep = new JsonObject { ["name"] = "Content", ["data"] = data };
            steps.Add(contentStep);
        }

        if (request.IncludeOther)
        {
            foreach (var source in sources)
            {
                await source.ExportAsync(request, steps, cancellationToken);
            }
        }

        var recipe = new JsonObject
        {
            ["name"] = "",
            ["displayName"] = "",
            ["description"] = "",
            ["author"] = "",
            ["website"] = "",
            ["version"] = "",
            ["issetuprecipe"] = false,
            ["categories"] = new JsonArray(),
            ["tags"] = new JsonArray(),
            ["steps"] = steps,
        };
        return (recipe, contentStep, exported);
    }
}
