using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Recipe import is all-or-nothing, idempotent with stable ids, and mirrors export.</summary>
public sealed class RecipeExecutorTests
{
    [Fact]
    public async Task Export_imported_into_an_empty_database_exports_the_same_steps()
    {
        await using var first = await VersioningTests.ArticleEngineAsync();
        await first.ImportAsync(TestRecipes.SampleContent);
        var exported = await first.ExportAsync();

        await using var second = await TestEngine.CreateAsync();
        await second.ImportAsync(exported.ToJsonString());
        var reexported = await second.ExportAsync();

        Assert.Equal(exported.Text(), reexported.Text());
        Assert.Equal(["Settings", "ContentDefinition", "Content"], exported.Steps().Select(s => s["name"]!.GetValue<string>()));
        var items = exported.Step("Content")["data"]!.AsArray();
        Assert.Equal([TestRecipes.WelcomeId, TestRecipes.MenuId], items.Select(i => i!["ContentItemId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("agency")]
    [InlineData("blog")]
    [InlineData("comingsoon")]
    public async Task Orchard_recipe_export_round_trips_through_an_empty_database(string name)
    {
        await using var first = await TestEngine.CreateAsync();
        await using (var scope = first.Scope())
        {
            await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath(name));
        }

        var exported = await first.ExportAsync();

        await using var second = await TestEngine.CreateAsync();
        await second.ImportAsync(exported.ToJsonString());
        var reexported = await second.ExportAsync();

        Assert.Equal(exported.Text(), reexported.Text());
    }

    [Fact]
    public async Task Exported_items_keep_every_value_they_were_imported_with()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        await engine.ImportAsync(TestRecipes.SampleContent);

        var source = RecipeJson.Parse(TestRecipes.SampleContent).Step("Content")["data"]![0]!;
        var exported = (await engine.ExportAsync()).Step("Content")["data"]![0]!;
        Assert.True(JsonNode.DeepEquals(source, exported), $"{source.Text()}\n---\n{exported.Text()}");
    }

    [Fact]
    public async Task Importing_the_same_recipe_again_changes_nothing()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var first = await engine.ImportAsync(TestRecipes.SampleContent);
        var rows = await engine.CountVersionRowsAsync();
        var export = (await engine.ExportAsync()).Text();
        var definitions = await engine.DefinitionsDocumentAsync();

        var second = await engine.ImportAsync(TestRecipes.SampleContent);

        Assert.Equal((3, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (second.Created, second.Updated, second.Unchanged));
        Assert.All(second.Items, i => Assert.Equal("Unchanged", i.Outcome));
        Assert.Equal(rows, await engine.CountVersionRowsAsync());
        Assert.Equal(3, rows);
        Assert.Equal(export, (await engine.ExportAsync()).Text());
        Assert.Equal(definitions, await engine.DefinitionsDocumentAsync());
    }

    [Fact]
    public async Task Importing_an_export_again_changes_nothing()
    {
        await using var engine = await TestEngine.CreateAsync();
        await using (var scope = engine.Scope())
        {
            await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("agency"));
        }

        var export = await engine.ExportAsync();
        var rows = await engine.CountVersionRowsAsync();

        var again = await engine.ImportAsync(export.ToJsonString());

        Assert.Equal(0, again.Created);
        Assert.Equal(0, again.Updated);
        Assert.Equal(3, again.Unchanged);
        Assert.Equal(rows, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_changed_version_is_updated_in_place_and_a_new_version_id_adds_a_row()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var changed = TestRecipes.SampleContent.Replace("最初の記事です", "書き直しました", StringComparison.Ordinal);
        var newVersion = changed.Replace("4p3s1h9kq0ev7w2zt5xbm8cnry", "7b9g10b7v2a6dmh4t8e8w06zy8", StringComparison.Ordinal);

        var updated = await engine.ImportAsync(changed);
        var added = await engine.ImportAsync(newVersion);

        Assert.Equal((0, 1, 2), (updated.Created, updated.Updated, updated.Unchanged));
        // A new version of an item the site already has is reported as a change to it, not as a new item.
        Assert.Equal((0, 1, 2), (added.Created, added.Updated, added.Unchanged));
        await using var scope = engine.Scope();
        var versions = await scope.Content.GetVersionsAsync(TestRecipes.WelcomeId);
        Assert.Equal(["4p3s1h9kq0ev7w2zt5xbm8cnry", "7b9g10b7v2a6dmh4t8e8w06zy8"], versions.Select(v => v.Item.ContentItemVersionId));
        Assert.Equal([false, true], versions.Select(v => v.Item.Published));
        Assert.Equal([false, true], versions.Select(v => v.Item.Latest));
    }

    public static TheoryData<string, string, string?, string> BadThirdItems => new()
    {
        {
            """{ "ContentType": "Article", "TitlePart": { "Title": "No id" } }""",
            "$.steps[2].Data[2].ContentItemId", null, "ContentItemId がありません"
        },
        {
            """{ "ContentItemId": "5v28tncrk9e2h4hx29hq2aq1h3", "ContentType": "Article", "TitlePart": { "Title": "x" }, "Article": { "Summary": { "Text": 5 } } }""",
            "$.steps[2].Data[2].Article.Summary", "5v28tncrk9e2h4hx29hq2aq1h3", "概要: Text は文字列でなければなりません"
        },
        {
            """{ "ContentItemId": "5v28tncrk9e2h4hx29hq2aq1h3", "ContentType": "Article", "Latest": "sometimes" }""",
            "$.steps[2].Data[2].Latest", "5v28tncrk9e2h4hx29hq2aq1h3", "true or false"
        },
        {
            """{ "ContentItemId": "5v28tncrk9e2h4hx29hq2aq1h3", "ContentType": "Article", "TitlePart": { "Title": "x" }, "AutoroutePart": { "Path": "articles/one" } }""",
            "$.steps[2].Data[2].AutoroutePart.Path", "5v28tncrk9e2h4hx29hq2aq1h3", "他のコンテンツで使われています"
        },
        {
            """{ "ContentItemId": "5v28tncrk9e2h4hx29hq2aq1h3", "ContentType": "Article", "TitlePart": { "Title": "[js: while(true){}]" } }""",
            "$.steps[2].Data[2].TitlePart.Title", null, "上限"
        },
        {
            "\"not an object\"",
            "$.steps[2].Data[2]", null, "JSON オブジェクト"
        },
    };

    [Theory]
    [MemberData(nameof(BadThirdItems))]
    public async Task A_bad_item_rolls_the_whole_recipe_back_and_is_named_in_the_error(string badItem, string path, string? itemId, string reason)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var rows = await engine.CountVersionRowsAsync();
        var documents = await engine.DocumentsAsync();
        var export = (await engine.ExportAsync()).Text();
        var recipe = $$"""
        {
          "steps": [
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Article", "DisplayName": "変更された名前" }, { "Name": "NewType" } ] },
            { "name": "layers", "Layers": [ { "Name": "Always", "Rule": "true" } ] },
            { "name": "content", "Data": [
                { "ContentItemId": "25n5qnf8ca7yr4vhf1cfyqar35", "ContentType": "Article", "TitlePart": { "Title": "One" }, "Published": true, "Latest": true },
                { "ContentItemId": "{{TestRecipes.WelcomeId}}", "ContentType": "Article", "TitlePart": { "Title": "Welcome v2" }, "Published": true, "Latest": true },
                {{badItem}},
                { "ContentItemId": "7md4gyqqeqg2mmn4b85vrwqrf8", "ContentType": "Article", "TitlePart": { "Title": "Four" } }
            ] }
          ]
        }
        """;

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Equal(2, ex.StepIndex);
        Assert.Equal("content", ex.StepName);
        Assert.Equal(path, ex.JsonPath);
        Assert.Equal(itemId, ex.ContentItemId);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("手順 3「content」", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(rows, await engine.CountVersionRowsAsync());
        Assert.Equal(documents, await engine.DocumentsAsync());
        Assert.Equal(export, (await engine.ExportAsync()).Text());
    }

    [Fact]
    public async Task A_failure_after_a_definition_step_rolls_the_definitions_back_too()
    {
        await using var engine = await TestEngine.CreateAsync();

        await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("""
        { "steps": [
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Page", "DisplayName": "Page" } ] },
            { "name": "Content", "data": [ { "ContentType": "Page" } ] } ] }
        """));

        Assert.Empty(await engine.DocumentsAsync());
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task The_engine_keeps_working_in_the_same_scope_after_a_rollback()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using var scope = engine.Scope();

        await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportAsync("""
        { "steps": [
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Article", "DisplayName": "Rolled back" } ] },
            { "name": "Content", "data": [ { "ContentType": "Article" } ] } ] }
        """, null));
        var result = await scope.Recipes.ImportAsync(TestRecipes.SampleContent, null);

        Assert.Equal(3, result.Created);
        Assert.Equal("記事", (await scope.Definitions.LoadAsync()).GetType("Article")!.DisplayName);
        Assert.Equal(3, await engine.CountVersionRowsAsync());
        Assert.Equal("記事", ContentDefinitionDocumentFrom(await engine.DefinitionsDocumentAsync()).GetType("Article")!.DisplayName);
    }

    [Fact]
    public async Task An_unknown_step_is_a_warning_not_an_error()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        var result = await engine.ImportAsync("""
        { "steps": [ { "name": "MediaProfiles", "MediaProfiles": {} }, { "name": "Content", "data": [] }, { "name": "Shortcodes" } ] }
        """);

        Assert.Equal(["MediaProfiles", "Shortcodes"], result.UnsupportedSteps);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("手順 1「MediaProfiles」", result.Warnings[0], StringComparison.Ordinal);
        Assert.Equal([true], result.Steps.Where(s => s.Supported).Select(s => s.Supported));
    }

    [Fact]
    public async Task An_item_of_an_undefined_type_is_kept_as_is_and_reported()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        var result = await engine.ImportAsync(TestRecipes.SampleContent);

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("Menu", warning, StringComparison.Ordinal);
        Assert.Contains(TestRecipes.MenuId, warning, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].data[2]", warning, StringComparison.Ordinal);
        var source = RecipeJson.Parse(TestRecipes.SampleContent).Step("Content")["data"]![2]!;
        var exported = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().Single(i => i!["ContentType"]!.GetValue<string>() == "Menu")!.AsObject();
        // Export writes every well-known key, as Orchard does; the ones the recipe left out come back as null.
        Assert.Equal(["Owner", "Author"], exported.Where(p => p.Value is null).Select(p => p.Key));
        foreach (var key in exported.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            exported.Remove(key);
        }

        Assert.True(JsonNode.DeepEquals(source, exported), exported.Text());
    }

    [Fact]
    public async Task Step_names_are_case_insensitive_and_data_may_be_capitalised()
    {
        await using var engine = await TestEngine.CreateAsync();
        var definition = RecipeJson.Parse(TestRecipes.ArticleDefinition).Step("ContentDefinition");
        definition["name"] = "CONTENTDEFINITION";

        var result = await engine.ImportAsync($$"""
        { "steps": [
            {{definition.ToJsonString()}},
            { "name": "content", "Data": [ { "ContentItemId": "25n5qnf8ca7yr4vhf1cfyqar35", "ContentType": "Article", "TitlePart": { "Title": "A" }, "Published": true } ] },
            { "name": "CoNtEnT", "data": [ { "ContentItemId": "7md4gyqqeqg2mmn4b85vrwqrf8", "ContentType": "Article", "TitlePart": { "Title": "B" }, "Published": true } ] },
            { "name": "settings", "SiteName": "x" } ] }
        """);

        Assert.Empty(result.UnsupportedSteps);
        Assert.Equal(2, result.Created);
        Assert.Equal(2, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_accepted()
    {
        await using var engine = await TestEngine.CreateAsync();

        var result = await engine.ImportAsync("""
        {
          /* block comment */
          "steps": [
            // line comment
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Page", }, ], },
          ],
        }
        """);

        Assert.Single(result.Steps);
        Assert.NotNull(await engine.DefinitionsDocumentAsync());
    }

    [Fact]
    public async Task Bad_json_is_refused_with_line_and_position()
    {
        await using var engine = await TestEngine.CreateAsync();

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("{\n  \"steps\": [\n    { \"name\": \"Content\" \"data\": [] }\n  ]\n}"));

        Assert.Contains("3 行目", ex.Message, StringComparison.Ordinal);
        Assert.Contains("文字目", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.DocumentsAsync());
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("""{ "steps": {} }""", "$.steps")]
    [InlineData("""{ "steps": [ { "data": [] } ] }""", "$.steps[0]")]
    [InlineData("""{ "steps": [ { "name": "Content", "data": {} } ] }""", "$.steps[0].data")]
    public async Task A_recipe_of_the_wrong_shape_is_refused_with_its_path(string recipe, string path)
    {
        await using var engine = await TestEngine.CreateAsync();

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Equal(path, ex.JsonPath);
    }

    [Fact]
    public async Task A_recipe_over_the_size_limit_is_refused()
    {
        await using var engine = await TestEngine.CreateAsync(o => o.MaxBytes = 1_000);
        var recipe = $$"""{ "description": "{{new string('あ', 400)}}", "steps": [] }""";
        var file = Path.Combine(engine.Folder, "big.recipe.json");
        await File.WriteAllTextAsync(file, recipe);

        var fromText = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));
        RecipeException fromFile;
        await using (var scope = engine.Scope())
        {
            fromFile = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportFileAsync(file));
        }

        Assert.Contains("大きすぎます", fromText.Message, StringComparison.Ordinal);
        Assert.Contains("1000", fromText.Message, StringComparison.Ordinal);
        Assert.Contains("大きすぎます", fromFile.Message, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(recipe) > 1_000 && recipe.Length < 1_000);
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_with_a_clear_message()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = $$"""{ "steps": [ { "name": "Settings", "Deep": {{string.Concat(Enumerable.Repeat("[", 1_000))}}{{string.Concat(Enumerable.Repeat("]", 1_000))}} } ] }""";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Contains("入れ子の深さの上限は 64", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.DocumentsAsync());
    }

    [Fact]
    public async Task An_endless_expression_aborts_the_import_and_nothing_is_written()
    {
        await using var engine = await TestEngine.CreateAsync();

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("""
        { "steps": [
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Page" } ] },
            { "name": "Settings", "SiteName": "[js: while(true) {}]" } ] }
        """));

        Assert.Equal(1, ex.StepIndex);
        Assert.Contains("$.steps[1].SiteName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("上限", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.DocumentsAsync());
    }

    [Fact]
    public async Task A_variable_wires_one_id_across_steps()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        await engine.ImportAsync("""
        {
          "variables": { "homeId": "[js:uuid()]" },
          "steps": [
            { "name": "Settings", "HomeRoute": { "ContentItemId": "[js: variables('homeId')]" } },
            { "name": "Content", "data": [ { "ContentItemId": "[js: variables('homeId')]", "ContentType": "Article", "TitlePart": { "Title": "Home" }, "Published": true } ] }
          ]
        }
        """);

        var export = await engine.ExportAsync();
        var id = export.Step("Content")["data"]![0]!["ContentItemId"]!.GetValue<string>();
        Assert.True(IdGenerator.IsValid(id));
        Assert.Equal(id, export.Step("Settings")["HomeRoute"]!["ContentItemId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dry_run_reports_counts_and_writes_nothing()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = RecipeJson.Parse(TestRecipes.ArticleDefinition);
        foreach (var step in RecipeJson.Parse(TestRecipes.SampleContent).Steps())
        {
            recipe["steps"]!.AsArray().Add(step.DeepClone());
        }

        var result = await engine.ImportAsync(recipe.ToJsonString(), dryRun: true);

        Assert.True(result.DryRun);
        Assert.Equal(3, result.Created);
        Assert.Equal([TestRecipes.WelcomeId, TestRecipes.DraftId, TestRecipes.MenuId], result.Items.Select(i => i.ContentItemId));
        Assert.Equal(["Created", "Created", "Created"], result.Items.Select(i => i.Outcome));
        Assert.Equal(0, await engine.CountVersionRowsAsync());
        Assert.Empty(await engine.DocumentsAsync());
        var real = await engine.ImportAsync(recipe.ToJsonString());
        Assert.Equal(3, real.Created);
        Assert.Equal(3, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_file_read_ahead_imports_as_the_file_would_and_only_once()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = RecipeJson.Parse(TestRecipes.ArticleDefinition);
        foreach (var step in RecipeJson.Parse(TestRecipes.SampleContent).Steps())
        {
            recipe["steps"]!.AsArray().Add(step.DeepClone());
        }

        var file = Path.Combine(engine.Folder, "site.recipe.json");
        await File.WriteAllTextAsync(file, recipe.ToJsonString());

        await using var scope = engine.Scope();
        // Read (and refused) before anything touches the database: a missing file says so at once.
        var missing = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ReadFileAsync(Path.Combine(engine.Folder, "none.recipe.json")));
        var read = await scope.Recipes.ReadFileAsync(file);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
        var result = await scope.Recipes.ImportFileAsync(read);

        Assert.Contains("none.recipe.json", missing.Message, StringComparison.Ordinal);
        Assert.False(read.IsPackage);
        Assert.Equal(3, result.Created);
        Assert.Equal(3, await engine.CountVersionRowsAsync());
        // Its tree was evaluated and taken by the import: importing the same read again is a mistake, not a no-op.
        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Recipes.ImportFileAsync(read));
    }

    private static Metadata.ContentDefinitionDocument ContentDefinitionDocumentFrom(string? json) => Metadata.ContentDefinitionManager.Parse(json!);
}
