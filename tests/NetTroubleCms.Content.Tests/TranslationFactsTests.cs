using System.Text.Json.Nodes;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Facts marked shared in the definitions live once, on the set's original; translations carry words only.</summary>
public sealed class TranslationFactsTests
{
    private const string OriginalId = "4office0ja0000000000000000a";
    private const string EnglishId = "4office0en0000000000000000b";
    private const string SetId = "4officeset000000000000000cc";

    // A sample type, not the leaflet's: the rule must be data that works for any type.
    private const string Definitions = """
    { "name": "ContentDefinition",
      "ContentTypes": [
        { "Name": "Office", "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
          "ContentTypePartDefinitionRecords": [
            { "PartName": "TitlePart", "Name": "TitlePart", "Settings": {} },
            { "PartName": "Office", "Name": "Office", "Settings": {} },
            { "PartName": "BagPart", "Name": "Contacts", "Settings": { "BagPartSettings": { "ContainedContentTypes": ["Contact"] }, "TranslationSettings": { "Shared": true } } },
            { "PartName": "LocalizationPart", "Name": "LocalizationPart", "Settings": {} } ] },
        { "Name": "Contact", "Settings": {}, "ContentTypePartDefinitionRecords": [ { "PartName": "Contact", "Name": "Contact", "Settings": {} } ] } ],
      "ContentParts": [
        { "Name": "Office", "Settings": {}, "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Phone", "Settings": { "ContentPartFieldSettings": { "DisplayName": "電話番号" }, "TranslationSettings": { "Shared": true } } },
            { "FieldName": "TextField", "Name": "Note", "Settings": { "ContentPartFieldSettings": { "DisplayName": "注記" } } } ] },
        { "Name": "Contact", "Settings": {}, "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Number", "Settings": { "ContentPartFieldSettings": { "DisplayName": "番号" }, "TranslationSettings": { "Shared": true } } },
            { "FieldName": "TextField", "Name": "Hours", "Settings": { "ContentPartFieldSettings": { "DisplayName": "受付時間" } } } ] } ] }
    """;

    private static string Recipe(string englishPhone = "03-0000-0000", string englishNumber = "0120-000-000", string? englishContactId = null) => $$"""
    { "steps": [
      { "name": "Settings", "Culture": "ja-JP" },
      {{Definitions}},
      { "name": "Content", "data": [
        { "ContentItemId": "{{EnglishId}}", "ContentItemVersionId": "4office0en0v000000000000001", "ContentType": "Office", "DisplayText": "Sample office",
          "Latest": true, "Published": true,
          "TitlePart": { "Title": "Sample office" },
          "Office": { "Phone": { "Text": "{{englishPhone}}" }, "Note": { "Text": "Open on weekdays" } },
          "Contacts": { "ContentItems": [ { "ContentItemId": "{{englishContactId ?? "4contact0en000000000000001"}}", "ContentItemVersionId": "4contact0env00000000000001", "ContentType": "Contact",
            "Contact": { "Number": { "Text": "{{englishNumber}}" }, "Hours": { "Text": "9:00 to 17:00" } } } ] },
          "LocalizationPart": { "LocalizationSet": "{{SetId}}", "Culture": "en" } },
        { "ContentItemId": "{{OriginalId}}", "ContentItemVersionId": "4office0ja0v000000000000001", "ContentType": "Office", "DisplayText": "見本の窓口",
          "Latest": true, "Published": true,
          "TitlePart": { "Title": "見本の窓口" },
          "Office": { "Phone": { "Text": "03-0000-0000" }, "Note": { "Text": "平日に開いています" } },
          "Contacts": { "ContentItems": [ { "ContentItemId": "4contact0ja000000000000001", "ContentItemVersionId": "4contact0jav00000000000001", "ContentType": "Contact",
            "Contact": { "Number": { "Text": "0120-000-000" }, "Hours": { "Text": "9時から17時" } } } ] },
          "LocalizationPart": { "LocalizationSet": "{{SetId}}", "Culture": "ja-JP" } } ] } ] }
    """;

    [Fact]
    public async Task Import_stores_the_translation_without_facts_and_every_reader_sees_the_originals()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());

        var stored = await GetAsync(engine, EnglishId, VersionFilter.Latest);
        Assert.Null(stored.Field("Office", "Phone"));
        Assert.Equal("Open on weekdays", stored.Text("Office", "Note"));
        // The English contact keeps its words under the original's contact id; its number is not stored again.
        var contact = Assert.IsType<JsonObject>(Assert.Single((JsonArray)stored.Part("Contacts")!["ContentItems"]!));
        Assert.Equal("4contact0ja000000000000001", contact["ContentItemId"]!.ToString());
        Assert.Null(((JsonObject)contact["Contact"]!)["Number"]);

        var snapshot = await engine.Snapshots.GetAsync();
        var english = snapshot.Get(EnglishId)!;
        Assert.Equal("03-0000-0000", english.Text("Office", "Phone"));
        var shown = (JsonObject)((JsonArray)english.Part("Contacts")!["ContentItems"]!)[0]!;
        Assert.Equal("0120-000-000", shown["Contact"]!["Number"]!["Text"]!.ToString());
        Assert.Equal("9:00 to 17:00", shown["Contact"]!["Hours"]!["Text"]!.ToString());
    }

    [Fact]
    public async Task Export_writes_each_culture_complete_and_round_trips_identically()
    {
        await using var first = await TestEngine.CreateAsync();
        await first.ImportAsync(Recipe());
        var exported = await first.ExportAsync();
        var items = exported["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "Content")!["data"]!.AsArray();
        var english = items.Single(i => i!["ContentItemId"]!.ToString() == EnglishId)!;
        Assert.Equal("03-0000-0000", english["Office"]!["Phone"]!["Text"]!.ToString());
        Assert.Equal("0120-000-000", english["Contacts"]!["ContentItems"]![0]!["Contact"]!["Number"]!["Text"]!.ToString());

        await using var second = await TestEngine.CreateAsync();
        var result = await second.ImportAsync(exported.ToJsonString());
        Assert.Equal(2, result.Created);
        var again = await second.ExportAsync();
        Assert.Equal(exported.ToJsonString(), again.ToJsonString());

        var storedBefore = (await GetAsync(second, EnglishId, VersionFilter.Latest)).ToJson().ToJsonString();
        var reimport = await second.ImportAsync(again.ToJsonString());
        var storedAfter = (await GetAsync(second, EnglishId, VersionFilter.Latest)).ToJson().ToJsonString();
        Assert.Equal(storedBefore, storedAfter);
        Assert.True(reimport.Created + reimport.Updated == 0, string.Join(", ", reimport.Items.Where(i => i.Outcome != "Unchanged").Select(i => $"{i.ContentItemId} {i.Outcome}")));
    }

    [Fact]
    public async Task The_export_written_to_a_stream_is_the_text_of_the_built_recipe()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());
        await using var scope = engine.Scope();
        var built = (await scope.Exporter.ExportAsync(new RecipeExportRequest())).ToJsonString(ContentJson.Options);
        using var stream = new MemoryStream();

        await scope.Exporter.WriteAsync(new RecipeExportRequest(), stream);

        var written = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        // Translations composed with their original's facts, bag items and Japanese text included.
        Assert.Contains("03-0000-0000", written, StringComparison.Ordinal);
        Assert.Equal(built, written);
    }

    [Fact]
    public async Task A_translation_finds_its_original_imported_earlier_in_the_same_batch()
    {
        await using var engine = await TestEngine.CreateAsync();
        // The translation comes first in the recipe; the original is imported first and is not saved yet when the
        // translation looks for it (one batch): the copies that disagree are still found, and nothing is written.
        var recipe = JsonNode.Parse(Recipe(englishPhone: "03-9999-9999"))!.AsObject();
        var data = recipe["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "Content")!["data"]!.AsArray();
        var items = data.Select(i => i!.DeepClone()).Reverse().ToList();
        data.Clear();
        foreach (var item in items)
        {
            data.Add(item);
        }

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe.ToJsonString()));

        Assert.Contains("03-9999-9999", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task Editing_a_fact_on_the_original_reaches_the_translation_without_touching_it()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());
        await using (var s = engine.Scope())
        {
            var original = (await s.Content.GetAsync(OriginalId, VersionFilter.Latest))!;
            original.GetOrCreatePart("Office")["Phone"] = new JsonObject { ["Text"] = "03-1111-1111" };
            Assert.True((await s.Content.SaveAndPublishAsync(original)).Succeeded);
        }

        Assert.Equal("03-1111-1111", (await engine.Snapshots.GetAsync()).Get(EnglishId)!.Text("Office", "Phone"));
        await using (var s = engine.Scope())
        {
            Assert.Single(await s.Content.GetVersionsAsync(EnglishId));
        }
    }

    [Fact]
    public async Task The_snapshot_rebuild_reads_only_changed_rows_and_composes_again_what_depends_on_them()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());
        var first = await engine.Snapshots.GetAsync();
        Assert.Equal(new SnapshotBuildStats(2, 2), engine.Snapshots.LastBuild);
        Assert.Equal("03-0000-0000", first.Get(EnglishId)!.Text("Office", "Phone"));

        // A fact changes on the original: one row is read, and the untouched translation shows the new fact.
        await using (var s = engine.Scope())
        {
            var original = (await s.Content.GetAsync(OriginalId, VersionFilter.Latest))!;
            original.GetOrCreatePart("Office")["Phone"] = new JsonObject { ["Text"] = "03-2222-2222" };
            Assert.True((await s.Content.SaveAndPublishAsync(original)).Succeeded);
        }

        var second = await engine.Snapshots.GetAsync();
        Assert.Equal(new SnapshotBuildStats(2, 1), engine.Snapshots.LastBuild);
        Assert.Equal("03-2222-2222", second.Get(OriginalId)!.Text("Office", "Phone"));
        Assert.Equal("03-2222-2222", second.Get(EnglishId)!.Text("Office", "Phone"));
        Assert.Equal("Open on weekdays", second.Get(EnglishId)!.Text("Office", "Note"));

        // The translation's words change: one row is read; the original is the previous build's own object.
        await using (var s = engine.Scope())
        {
            var english = (await s.Content.GetAsync(EnglishId, VersionFilter.Latest))!;
            english.GetOrCreatePart("Office")["Note"] = new JsonObject { ["Text"] = "Open every day" };
            Assert.True((await s.Content.SaveAndPublishAsync(english)).Succeeded);
        }

        var third = await engine.Snapshots.GetAsync();
        Assert.Equal(new SnapshotBuildStats(2, 1), engine.Snapshots.LastBuild);
        Assert.Same(second.Get(OriginalId), third.Get(OriginalId));
        Assert.Equal("Open every day", third.Get(EnglishId)!.Text("Office", "Note"));
        Assert.Equal("03-2222-2222", third.Get(EnglishId)!.Text("Office", "Phone"));

        // Unpublishing takes the item out without reading anything.
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.UnpublishAsync(EnglishId)).Succeeded);
        }

        var fourth = await engine.Snapshots.GetAsync();
        Assert.Equal(new SnapshotBuildStats(1, 0), engine.Snapshots.LastBuild);
        Assert.Null(fourth.Get(EnglishId));
        Assert.Same(third.Get(OriginalId), fourth.Get(OriginalId));
        Assert.NotEqual(third.ETag, fourth.ETag);
    }

    [Fact]
    public async Task Editing_a_fact_on_a_translation_writes_it_to_the_original_in_one_step()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());
        await using (var s = engine.Scope())
        {
            var english = await s.Content.ComposeAsync((await s.Content.GetAsync(EnglishId, VersionFilter.Latest))!, VersionFilter.Latest);
            Assert.Equal("03-0000-0000", english.Text("Office", "Phone"));
            english.GetOrCreatePart("Office")["Phone"] = new JsonObject { ["Text"] = "03-2222-2222" };
            var saved = await s.Content.SaveAndPublishAsync(english);
            Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        }

        var snapshot = await engine.Snapshots.GetAsync();
        Assert.Equal("03-2222-2222", snapshot.Get(OriginalId)!.Text("Office", "Phone"));
        Assert.Equal("03-2222-2222", snapshot.Get(EnglishId)!.Text("Office", "Phone"));
        Assert.Null((await GetAsync(engine, EnglishId, VersionFilter.Latest)).Field("Office", "Phone"));
    }

    [Fact]
    public async Task Copies_that_disagree_are_reported_and_nothing_changes_unless_told_which_wins()
    {
        await using var engine = await TestEngine.CreateAsync();
        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(Recipe(englishPhone: "03-9999-9999")));
        Assert.Contains(EnglishId, ex.Message, StringComparison.Ordinal);
        Assert.Contains("電話番号", ex.Message, StringComparison.Ordinal);
        Assert.Contains("03-0000-0000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("03-9999-9999", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());

        var bag = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(Recipe(englishNumber: "0120-999-999")));
        Assert.Contains("Contacts.ContentItems[0].Contact.Number", bag.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());

        await using (var s = engine.Scope())
        {
            await s.Recipes.ImportAsync(Recipe(englishPhone: "03-9999-9999"), null, translationConflicts: TranslationConflictPolicy.TranslationWins);
        }

        Assert.Equal("03-9999-9999", (await engine.Snapshots.GetAsync()).Get(OriginalId)!.Text("Office", "Phone"));

        await using var other = await TestEngine.CreateAsync();
        await using (var s = other.Scope())
        {
            await s.Recipes.ImportAsync(Recipe(englishPhone: "03-9999-9999"), null, translationConflicts: TranslationConflictPolicy.OriginalWins);
        }

        Assert.Equal("03-0000-0000", (await other.Snapshots.GetAsync()).Get(EnglishId)!.Text("Office", "Phone"));
    }

    [Fact]
    public async Task A_translation_is_out_of_date_when_the_originals_words_change_not_its_facts()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(Recipe());
        await using (var s = engine.Scope())
        {
            // Saving the translation records which words of the original it follows.
            var english = await s.Content.ComposeAsync((await s.Content.GetAsync(EnglishId, VersionFilter.Latest))!, VersionFilter.Latest);
            english.GetOrCreatePart("Office")["Note"] = new JsonObject { ["Text"] = "Open on weekdays only" };
            Assert.True((await s.Content.SaveAndPublishAsync(english)).Succeeded);
        }

        Assert.False(await OutOfDateAsync(engine));

        await ChangeOriginalAsync(engine, "Phone", "03-3333-3333");
        Assert.False(await OutOfDateAsync(engine));

        await ChangeOriginalAsync(engine, "Note", "平日と土曜に開いています");
        Assert.True(await OutOfDateAsync(engine));

        await using (var s = engine.Scope())
        {
            var english = await s.Content.ComposeAsync((await s.Content.GetAsync(EnglishId, VersionFilter.Latest))!, VersionFilter.Latest);
            english.GetOrCreatePart("Office")["Note"] = new JsonObject { ["Text"] = "Open on weekdays and Saturdays" };
            Assert.True((await s.Content.SaveAndPublishAsync(english)).Succeeded);
        }

        Assert.False(await OutOfDateAsync(engine));
    }

    private static async Task ChangeOriginalAsync(TestEngine engine, string field, string value)
    {
        await using var s = engine.Scope();
        var original = (await s.Content.GetAsync(OriginalId, VersionFilter.Latest))!;
        original.GetOrCreatePart("Office")[field] = new JsonObject { ["Text"] = value };
        Assert.True((await s.Content.SaveAndPublishAsync(original)).Succeeded);
    }

    private static async Task<bool> OutOfDateAsync(TestEngine engine)
    {
        await using var s = engine.Scope();
        var defs = await s.Definitions.LoadAsync();
        var english = (await s.Content.GetAsync(EnglishId, VersionFilter.Latest))!;
        var original = (await s.Content.GetOriginalAsync(english, VersionFilter.Latest))!;
        return LocalizationSets.IsOutOfDate(english, original, defs);
    }

    private static async Task<ContentItem> GetAsync(TestEngine engine, string id, VersionFilter filter)
    {
        await using var s = engine.Scope();
        return (await s.Content.GetAsync(id, filter))!;
    }
}
