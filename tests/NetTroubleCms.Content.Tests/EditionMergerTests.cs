using System.Text.Json.Nodes;
using NetTroubleCms.Content.Editions;

namespace NetTroubleCms.Content.Tests;

/// <summary>The three-way merge of one item: each rule on its own, then sets, bag items and conflicts.</summary>
public sealed class EditionMergerTests
{
    private static JsonObject Item(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Agency(string phone, string description = "説明", string version = "v1") => Item($$"""
        { "ContentItemId": "a1", "ContentItemVersionId": "{{version}}", "ContentType": "Agency", "DisplayText": "窓口",
          "Agency": { "Description": { "Text": "{{description}}" }, "Phone": { "Text": "{{phone}}" } } }
        """);

    [Fact]
    public void Unchanged_locally_takes_the_new_base()
    {
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), Agency("0000-00-0001"), Agency("0000-00-0002", version: "v2"), conflicts);
        Assert.Equal("0000-00-0002", merged["Agency"]!["Phone"]!["Text"]!.GetValue<string>());
        Assert.Equal("v2", merged["ContentItemVersionId"]!.GetValue<string>());
        Assert.Empty(conflicts);
    }

    [Fact]
    public void Unchanged_in_the_base_keeps_the_local_value()
    {
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), Agency("0000-00-0009"), Agency("0000-00-0001", version: "v2"), conflicts);
        Assert.Equal("0000-00-0009", merged["Agency"]!["Phone"]!["Text"]!.GetValue<string>());
        Assert.Empty(conflicts);
    }

    [Fact]
    public void Both_sides_making_the_same_change_is_no_conflict()
    {
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), Agency("0000-00-0005"), Agency("0000-00-0005", version: "v2"), conflicts);
        Assert.Equal("0000-00-0005", merged["Agency"]!["Phone"]!["Text"]!.GetValue<string>());
        Assert.Empty(conflicts);
    }

    [Fact]
    public void Different_keys_changed_on_each_side_are_both_kept()
    {
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), Agency("0000-00-0001", "地域の説明"), Agency("0000-00-0002", version: "v2"), conflicts);
        Assert.Equal("0000-00-0002", merged["Agency"]!["Phone"]!["Text"]!.GetValue<string>());
        Assert.Equal("地域の説明", merged["Agency"]!["Description"]!["Text"]!.GetValue<string>());
        Assert.Empty(conflicts);
    }

    [Fact]
    public void The_same_value_changed_differently_keeps_the_local_value_and_records_the_conflict()
    {
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), Agency("0000-00-0003"), Agency("0000-00-0002", version: "v2"), conflicts);
        Assert.Equal("0000-00-0003", merged["Agency"]!["Phone"]!["Text"]!.GetValue<string>());
        var conflict = Assert.Single(conflicts);
        Assert.Equal("Agency.Phone.Text", conflict.Path);
        Assert.Equal("0000-00-0001", conflict.Old!.GetValue<string>());
        Assert.Equal("0000-00-0003", conflict.Local!.GetValue<string>());
        Assert.Equal("0000-00-0002", conflict.New!.GetValue<string>());
    }

    [Fact]
    public void Metadata_never_conflicts_and_comes_from_the_new_base()
    {
        var local = Agency("0000-00-0001", version: "local-version");
        local["ModifiedUtc"] = "2026-01-02T00:00:00Z";
        local["Author"] = "region-editor";
        var @new = Agency("0000-00-0001", version: "v2");
        @new["ModifiedUtc"] = "2026-03-01T00:00:00Z";
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(Agency("0000-00-0001"), local, @new, conflicts);
        Assert.Empty(conflicts);
        Assert.Equal("2026-03-01T00:00:00Z", merged["ModifiedUtc"]!.GetValue<string>());
        Assert.False(merged.ContainsKey("Author"));
        Assert.Equal("v2", merged["ContentItemVersionId"]!.GetValue<string>());
    }

    [Fact]
    public void Agency_lists_merge_as_sets_in_the_new_order_with_local_additions_and_removals()
    {
        static JsonObject Node(params string[] agencies) => Item($$"""
            { "ContentItemId": "n1", "ContentType": "DecisionNode",
              "DecisionNode": { "Agencies": { "LocalizationSets": [ {{string.Join(", ", agencies.Select(a => $"\"{a}\""))}} ] } } }
            """);
        var conflicts = new List<MergeConflict>();
        // The site added a local desk and dropped "b"; the base reordered and added "d".
        var merged = EditionMerger.MergeItem(Node("a", "b", "c"), Node("a", "c", "local"), Node("d", "c", "b", "a"), conflicts);
        Assert.Empty(conflicts);
        Assert.Equal(["d", "c", "a", "local"], merged["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray().Select(x => x!.GetValue<string>()));
    }

    [Fact]
    public void Bag_items_are_matched_by_id_and_merged_each()
    {
        static JsonObject WithChannels(params (string Id, string Value)[] channels) => Item($$"""
            { "ContentItemId": "a1", "ContentType": "Agency", "Channels": { "ContentItems": [
              {{string.Join(", ", channels.Select(c => $$"""{ "ContentItemId": "{{c.Id}}", "ContentType": "Channel", "Channel": { "Value": { "Text": "{{c.Value}}" } } }"""))}} ] } }
            """);
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(
            WithChannels(("web", "https://example.invalid/"), ("tel", "0000-00-0001")),
            WithChannels(("web", "https://example.invalid/"), ("tel", "0000-00-0001"), ("local-tel", "0000-00-0099")),
            WithChannels(("tel", "0000-00-0002"), ("web", "https://example.invalid/new")),
            conflicts);
        Assert.Empty(conflicts);
        var channels = merged["Channels"]!["ContentItems"]!.AsArray().Select(c => (c!["ContentItemId"]!.GetValue<string>(), c["Channel"]!["Value"]!["Text"]!.GetValue<string>()));
        Assert.Equal([("tel", "0000-00-0002"), ("web", "https://example.invalid/new"), ("local-tel", "0000-00-0099")], channels);
    }

    [Fact]
    public void A_bag_item_changed_on_both_sides_is_a_conflict_at_its_id()
    {
        static JsonObject WithChannel(string value) => Item($$"""
            { "ContentItemId": "a1", "ContentType": "Agency", "Channels": { "ContentItems": [
              { "ContentItemId": "tel", "ContentType": "Channel", "Channel": { "Value": { "Text": "{{value}}" } } } ] } }
            """);
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(WithChannel("0000-00-0001"), WithChannel("0000-00-0003"), WithChannel("0000-00-0002"), conflicts);
        Assert.Equal("Channels.ContentItems[tel].Channel.Value.Text", Assert.Single(conflicts).Path);
        Assert.Equal("0000-00-0003", merged["Channels"]!["ContentItems"]![0]!["Channel"]!["Value"]!["Text"]!.GetValue<string>());
    }

    [Fact]
    public void A_bag_item_the_base_removed_goes_unless_the_site_changed_it()
    {
        static JsonObject WithChannels(params (string Id, string Value)[] channels) => Item($$"""
            { "ContentItemId": "a1", "ContentType": "Agency", "Channels": { "ContentItems": [
              {{string.Join(", ", channels.Select(c => $$"""{ "ContentItemId": "{{c.Id}}", "ContentType": "Channel", "Channel": { "Value": { "Text": "{{c.Value}}" } } }"""))}} ] } }
            """);
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(
            WithChannels(("x", "1"), ("y", "2")),
            WithChannels(("x", "1"), ("y", "2-local")),
            WithChannels(),
            conflicts);
        Assert.Equal(["y"], merged["Channels"]!["ContentItems"]!.AsArray().Select(c => c!["ContentItemId"]!.GetValue<string>()));
        var conflict = Assert.Single(conflicts);
        Assert.Equal("Channels.ContentItems[y]", conflict.Path);
        Assert.False(conflict.HasNew);
    }

    [Fact]
    public void A_key_the_site_removed_while_the_base_changed_it_is_a_conflict()
    {
        var old = Agency("0000-00-0001");
        var local = Agency("0000-00-0001");
        local["Agency"]!.AsObject().Remove("Phone");
        var conflicts = new List<MergeConflict>();
        var merged = EditionMerger.MergeItem(old, local, Agency("0000-00-0002"), conflicts);
        Assert.False(merged["Agency"]!.AsObject().ContainsKey("Phone"));
        var conflict = Assert.Single(conflicts);
        Assert.Equal("Agency.Phone", conflict.Path);
        Assert.False(conflict.HasLocal);
        Assert.True(conflict.HasNew);
    }
}

/// <summary>The base import's own step cannot be used by a hand-written recipe.</summary>
public sealed class EditionRecipeStepTests
{
    [Fact]
    public async Task A_recipe_naming_the_base_step_itself_is_refused_and_writes_nothing()
    {
        await using var engine = await Infrastructure.TestEngine.CreateAsync();
        var recipe = $$"""{ "steps": [ { "name": "{{EditionRecipeStep.StepName}}", "token": "forged" } ] }""";

        var error = await Assert.ThrowsAsync<NetTroubleCms.Content.Recipes.RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Equal(EditionRecipeStep.StepName, error.StepName);
        Assert.DoesNotContain(EditionStore.BaseDocumentName, (await engine.DocumentsAsync()).Keys);
    }
}
