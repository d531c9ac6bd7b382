using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Editions;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests.Editions;

/// <summary>
/// A region takes the national guide as its base and adds its own layer; a newer base is merged under the layer, and
/// base and layer travel as separate recipes.
/// </summary>
public sealed class RegionalEditionTests : IDisposable
{
    private readonly CmsApplication _app = EmptySite();

    public void Dispose() => _app.Dispose();

    // No seed: the base is imported the way a region would.
    private static CmsApplication EmptySite() => new CmsApplication().With("Cms:SeedRecipe", "no-seed-for-edition-tests.recipe.json");

    private static Task<EditionImportResult> ImportBaseAsync(CmsApplication app, JsonObject recipe) =>
        app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().ImportBaseAsync(recipe.ToJsonString(), null, "sample"));

    private static Task<RecipeImportResult> ImportAsync(CmsApplication app, JsonObject recipe) =>
        app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe.ToJsonString(), null));

    /// <summary>Published items by id, version metadata aside.</summary>
    private static Task<Dictionary<string, string>> PublishedAsync(CmsApplication app) => app.InScopeAsync(async sp =>
        (await sp.GetRequiredService<IContentStore>().GetAllPublishedAsync()).ToDictionary(
            r => r.ContentItemId,
            r => EditionMerger.WithoutMetadata(ContentManager.ToItem(r)!.ToJson()).ToJsonString()));

    private static Task<JsonObject> PublishedItemAsync(CmsApplication app, string id) => app.InScopeAsync(async sp =>
        (await sp.GetRequiredService<ContentManager>().GetAsync(id))?.ToJson() ?? throw new InvalidOperationException($"{id} is not published"));

    private static Task<string?> DocumentAsync(CmsApplication app, string name) =>
        app.InScopeAsync(async sp => (await sp.GetRequiredService<IContentStore>().GetDocumentAsync(name))?.Content);

    [Fact]
    public async Task An_untouched_site_has_an_empty_layer()
    {
        await ImportBaseAsync(_app, EditionSamples.BaseV1());
        var layer = await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().GetLayerAsync());
        Assert.True(layer.HasBase);
        Assert.Empty(layer.Added);
        Assert.Empty(layer.Changed);
    }

    [Fact]
    public async Task A_newer_base_keeps_the_layer_shows_the_changed_phone_and_flags_the_removed_nodes_local_answer()
    {
        var v1 = EditionSamples.BaseV1();
        await ImportBaseAsync(_app, v1);
        await ImportAsync(_app, EditionSamples.Layer(v1));
        var police = EditionSamples.ByPath(v1, EditionSamples.PoliceResultPath)["ContentItemId"]!.ToString();
        var removedNode = EditionSamples.ByPath(v1, EditionSamples.RemovedNodePath)["ContentItemId"]!.ToString();
        var parent = EditionSamples.ByPath(v1, EditionSamples.RemovedNodeParentPath)["ContentItemId"]!.ToString();
        var houterasu = EditionSamples.ByPath(v1, EditionSamples.ChangedAgencyPath)["ContentItemId"]!.ToString();

        var result = await ImportBaseAsync(_app, EditionSamples.BaseV2());

        // The layer survives: both local desks, and the police result still lists the local desk after the national one.
        await PublishedItemAsync(_app, EditionSamples.LocalCyberDeskId);
        await PublishedItemAsync(_app, EditionSamples.LocalRightsDeskId);
        var policeNode = await PublishedItemAsync(_app, police);
        var agencies = policeNode["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray().Select(x => x!.ToString()).ToList();
        Assert.Equal(EditionSamples.LocalCyberDeskSet, agencies[^1]);
        Assert.Equal(2, agencies.Count);

        // The base's changes arrive: the new phone, the new desk, the parent no longer offering the removed result.
        var phones = (await PublishedItemAsync(_app, houterasu))["Channels"]!["ContentItems"]!.AsArray().Select(c => c!["Channel"]!["Value"]!["Text"]!.ToString()).ToList();
        Assert.Contains(EditionSamples.SamplePhone, phones);
        Assert.DoesNotContain(EditionSamples.OldPhone, phones);
        await PublishedItemAsync(_app, EditionSamples.NewBaseDeskId);
        var children = (await PublishedItemAsync(_app, parent))["DecisionNode"]!["Children"]!["LocalizationSets"]!.AsArray().Select(x => x!.ToString());
        Assert.DoesNotContain(EditionSamples.SetOf(EditionSamples.ByPath(v1, EditionSamples.RemovedNodePath)), children);

        // The removed result carried a local answer: it is kept and flagged for a person, and the flag is stored.
        await PublishedItemAsync(_app, removedNode);
        var flagged = Assert.Single(result.Conflicts, c => c.ContentItemId == removedNode);
        Assert.Equal(EditionConflictKind.Removed, flagged.Kind);
        Assert.True(flagged.HasOld);
        Assert.False(flagged.HasNew);
        var stored = await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().GetConflictsAsync());
        Assert.Contains(stored, c => c.Id == flagged.Id);

        // Its translations carried nothing local, so they went with the base.
        var removedSet = EditionSamples.SetOf(EditionSamples.ByPath(v1, EditionSamples.RemovedNodePath));
        var translations = EditionSamples.Items(v1).Where(i => EditionSamples.SetOf(i) == removedSet && i["ContentItemId"]!.ToString() != removedNode).Select(i => i["ContentItemId"]!.ToString()).ToList();
        Assert.NotEmpty(translations);
        Assert.All(translations, id => Assert.Contains(id, result.Removed));

        var layer = await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().GetLayerAsync());
        Assert.Equal(new[] { EditionSamples.LocalCyberDeskId, EditionSamples.LocalRightsDeskId, removedNode }.Order(), layer.Added.Order());
        Assert.Equal([police], layer.Changed);
    }

    [Fact]
    public async Task Base_and_layer_exported_separately_rebuild_the_same_site()
    {
        var v1 = EditionSamples.BaseV1();
        await ImportBaseAsync(_app, v1);
        await ImportAsync(_app, EditionSamples.Layer(v1));
        await ImportBaseAsync(_app, EditionSamples.BaseV2());

        var (baseRecipe, layerRecipe) = await _app.InScopeAsync(async sp =>
        {
            var editions = sp.GetRequiredService<EditionService>();
            return ((await editions.ExportBaseAsync())!, await editions.ExportLayerAsync());
        });
        Assert.DoesNotContain(EditionSamples.LocalCyberDeskTitle, baseRecipe.ToJsonString(ContentJson.Options), StringComparison.Ordinal);
        Assert.Contains(EditionSamples.LocalCyberDeskTitle, layerRecipe.ToJsonString(ContentJson.Options), StringComparison.Ordinal);

        using var copy = EmptySite();
        await ImportBaseAsync(copy, JsonNode.Parse(baseRecipe.ToJsonString())!.AsObject());
        await ImportAsync(copy, JsonNode.Parse(layerRecipe.ToJsonString())!.AsObject());

        var expected = await PublishedAsync(_app);
        var actual = await PublishedAsync(copy);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, json) in expected)
        {
            Assert.True(json == actual[id], $"{id} differs:\n{json}\n{actual[id]}");
        }
    }

    [Fact]
    public async Task A_failed_merge_import_changes_nothing()
    {
        var v1 = EditionSamples.BaseV1();
        await ImportBaseAsync(_app, v1);
        await ImportAsync(_app, EditionSamples.Layer(v1));
        var published = await PublishedAsync(_app);
        var baseDocument = await DocumentAsync(_app, EditionStore.BaseDocumentName);
        var conflicts = await DocumentAsync(_app, EditionStore.ConflictsDocumentName);

        // A newer base whose last item is broken: everything before it, removals included, must roll back.
        var broken = EditionSamples.BaseV2();
        var lastStep = broken["steps"]!.AsArray().OfType<JsonObject>().Last(s => s["name"]!.ToString() == "Content");
        lastStep["data"]!.AsArray().Add(new JsonObject { ["ContentType"] = "Agency", ["DisplayText"] = "（見本）IDのない項目" });
        await Assert.ThrowsAsync<RecipeException>(() => ImportBaseAsync(_app, broken));

        Assert.Equal(published, await PublishedAsync(_app));
        Assert.Equal(baseDocument, await DocumentAsync(_app, EditionStore.BaseDocumentName));
        Assert.Equal(conflicts, await DocumentAsync(_app, EditionStore.ConflictsDocumentName));
    }
}
