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

/// <summary>What readers and editors see of a regional edition.</summary>
public sealed class RegionalEditionPageTests : IDisposable
{
    private readonly CmsApplication _app = new CmsApplication().With("Cms:SeedRecipe", "no-seed-for-edition-tests.recipe.json");

    public void Dispose() => _app.Dispose();

    private Task<EditionImportResult> ImportBaseAsync(JsonObject recipe) =>
        _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().ImportBaseAsync(recipe.ToJsonString(), null, "sample"));

    private Task<RecipeImportResult> ImportAsync(JsonObject recipe) =>
        _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe.ToJsonString(), null));

    [Fact]
    public async Task The_police_result_shows_the_local_desk_marked_as_local_in_every_language_and_the_api()
    {
        var v1 = EditionSamples.BaseV1();
        await ImportBaseAsync(v1);
        await ImportAsync(EditionSamples.Layer(v1));
        using var client = _app.CreateClient();

        var page = await AdminClient.ParseAsync(await client.GetStringAsync("/" + EditionSamples.PoliceResultPath), "/" + EditionSamples.PoliceResultPath);
        var articles = page.QuerySelectorAll("article.agency").ToList();
        var local = Assert.Single(articles, a => a.QuerySelector(".agency-name")!.TextContent.Contains(EditionSamples.LocalCyberDeskTitle, StringComparison.Ordinal));
        Assert.Equal("地域の窓口", local.QuerySelector(".local-mark")?.TextContent);
        var national = Assert.Single(articles, a => a != local);
        Assert.Null(national.QuerySelector(".local-mark"));

        Assert.Contains("Local service", await client.GetStringAsync("/en/" + EditionSamples.PoliceResultPath), StringComparison.Ordinal);
        Assert.Contains("この地域の相談先", await client.GetStringAsync("/easy/" + EditionSamples.PoliceResultPath), StringComparison.Ordinal);
        Assert.Contains("地域の窓口", await client.GetStringAsync("/agencies/sample-local-cyber"), StringComparison.Ordinal);
        Assert.DoesNotContain("地域の窓口", await client.GetStringAsync("/agencies/police-cyber"), StringComparison.Ordinal);

        var agencies = JsonNode.Parse(await client.GetStringAsync("/api/v1/agencies?pageSize=100"))!["items"]!.AsArray();
        Assert.True(agencies.Single(a => a!["id"]!.ToString() == EditionSamples.LocalCyberDeskId)!["local"]!.GetValue<bool>());
        Assert.False(agencies.Single(a => a!["path"]?.ToString() == "agencies/police-cyber")!["local"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_conflict_is_listed_with_its_field_and_taking_the_base_value_publishes_it_and_is_audited()
    {
        var v1 = EditionSamples.BaseV1();
        await ImportBaseAsync(v1);
        // The region corrected the same phone the base later changed: a real disagreement.
        var houterasu = EditionSamples.ByPath(v1, EditionSamples.ChangedAgencyPath).DeepClone().AsObject();
        houterasu["ContentItemVersionId"] = "4samp1e1oca1houterasuver01";
        houterasu["Channels"]!["ContentItems"]!.AsArray().Single(c => c!["Channel"]!["Value"]!["Text"]!.ToString() == EditionSamples.OldPhone)!["Channel"]!["Value"]!["Text"] = "0000-00-0005";
        await ImportAsync(EditionSamples.Recipe(houterasu));
        await ImportBaseAsync(EditionSamples.BaseV2());

        using var admin = await AdminClient.SignInAsync(_app);
        var dashboard = await admin.GetPageAsync("/admin");
        Assert.Contains("1 件", dashboard.QuerySelector("#edition-conflicts-count")!.TextContent, StringComparison.Ordinal);

        var page = await admin.GetPageAsync("/admin/editions");
        var row = Assert.Single(page.QuerySelectorAll("#edition-conflicts tbody tr"));
        Assert.Contains("連絡先", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(EditionSamples.OldPhone, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(EditionSamples.SamplePhone, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("0000-00-0005", row.TextContent, StringComparison.Ordinal);

        using var resolved = await admin.SubmitAsync(page, row.QuerySelector("form")!, new() { ["choice"] = "base" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, resolved.StatusCode);

        var id = houterasu["ContentItemId"]!.ToString();
        var phones = await _app.InScopeAsync(async sp => (await sp.GetRequiredService<ContentManager>().GetAsync(id))!
            .Part("Channels")!["ContentItems"]!.AsArray().Select(c => c!["Channel"]!["Value"]!["Text"]!.ToString()).ToList());
        Assert.Contains(EditionSamples.SamplePhone, phones);
        Assert.DoesNotContain("0000-00-0005", phones);
        Assert.Empty(await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().GetConflictsAsync()));
        var audited = await _app.InScopeAsync(async sp => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            sp.GetRequiredService<NetTroubleCms.Web.Infrastructure.Storage.CmsDbContext>().Set<NetTroubleCms.Web.Features.Audit.AuditEvent>(),
            e => e.Name == "EditionConflictTookBase" && e.ContentItemId == id));
        Assert.Equal(1, audited);
        Assert.Contains("確認が必要な箇所はありません", (await admin.GetPageAsync("/admin/editions")).Body!.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>The site's own items that point at something a newer base removed.</summary>
public sealed class RegionalEditionReferenceTests : IDisposable
{
    private readonly CmsApplication _app = new CmsApplication().With("Cms:SeedRecipe", "no-seed-for-edition-tests.recipe.json");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_local_answer_naming_an_agency_the_base_removed_is_flagged_and_taking_the_base_drops_the_reference()
    {
        const string agencyPath = "agencies/kokoro-no-sos";
        var v1 = EditionSamples.BaseV1();
        var agency = EditionSamples.ByPath(v1, agencyPath);
        var agencySet = EditionSamples.SetOf(agency);
        // A situation only this region has, answered with a national agency.
        var localNode = EditionSamples.ByPath(v1, "guide/trouble/talk").DeepClone().AsObject();
        localNode["ContentItemId"] = "4samp1e1oca1node0000000001";
        localNode["ContentItemVersionId"] = "4samp1e1oca1nodeversion001";
        localNode["DisplayText"] = "（見本）地域だけの相談";
        localNode["TitlePart"] = new JsonObject { ["Title"] = "（見本）地域だけの相談" };
        localNode["AutoroutePart"]!["Path"] = "guide/sample-local-talk";
        localNode["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = "4samp1e1oca1nodeset0000001", ["Culture"] = "ja-JP" };
        await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().ImportBaseAsync(v1.ToJsonString(), null, "v1"));
        await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(EditionSamples.Recipe(localNode).ToJsonString(), null));

        // The newer base drops that agency everywhere.
        var v2 = EditionSamples.BaseV1();
        foreach (var step in v2["steps"]!.AsArray().OfType<JsonObject>().Where(s => s["name"]!.ToString() == "Content"))
        {
            var data = step["data"]!.AsArray();
            foreach (var gone in data.OfType<JsonObject>().Where(i => EditionSamples.SetOf(i) == agencySet).ToList())
            {
                data.Remove(gone);
            }
        }

        var talk = EditionSamples.ByPath(v2, "guide/trouble/talk");
        talk["ContentItemVersionId"] = "4samp1ebasev2talkversion01";
        var talkAgencies = talk["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray();
        talkAgencies.Remove(talkAgencies.Single(x => x!.ToString() == agencySet));
        var result = await _app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().ImportBaseAsync(v2.ToJsonString(), null, "v2"));

        Assert.Contains(agency["ContentItemId"]!.ToString(), result.Removed);
        var flagged = Assert.Single(result.Conflicts);
        Assert.Equal(EditionConflictKind.Reference, flagged.Kind);
        Assert.Equal("4samp1e1oca1node0000000001", flagged.ContentItemId);
        Assert.Equal("DecisionNode.Agencies.LocalizationSets", flagged.Path);
        Assert.Equal(agencySet, flagged.Missing);
        Assert.Equal(agency["DisplayText"]!.ToString(), flagged.MissingDisplayText);

        var item = await _app.InScopeAsync(async sp => (await sp.GetRequiredService<ContentManager>().GetAsync(flagged.ContentItemId))!);
        Assert.True(EditionService.ApplyBaseValue(item, flagged));
        Assert.DoesNotContain(agencySet, item.Part("DecisionNode")!["Agencies"]!["LocalizationSets"]!.AsArray().Select(x => x!.ToString()));
    }
}
