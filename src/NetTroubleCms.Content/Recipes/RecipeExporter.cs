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
        var steps = new JsonArray();
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
            var rows = await store.GetAllPublishedAsync(cancellationToken);
            var data = new JsonArray();
            // Each culture's item is written complete, the set's shared facts copied in, as Orchard Core expects.
            var culture = LocalizationSets.DefaultCulture(await settings.LoadAsync(cancellationToken));
            foreach (var item in LocalizationSets.ComposeAll([.. rows.Select(r => ContentManager.ToItem(r)!)], culture, defs))
            {
                if ((request.ContentTypes.Count > 0 && !request.ContentTypes.Contains(item.ContentType))
                    || (request.ContentItemIds.Count > 0 && !request.ContentItemIds.Contains(item.ContentItemId)))
                {
                    continue;
                }

                // The export stands for the published state: in the target site this version is both published and latest.
                item.Latest = true;
                data.Add(item.ToJson());
            }

            steps.Add(new JsonObject { ["name"] = "Content", ["data"] = data });
        }

        if (request.IncludeOther)
        {
            foreach (var source in sources)
            {
                await source.ExportAsync(request, steps, cancellationToken);
            }
        }

        return new JsonObject
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
    }
}
