using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>The <c>recipes</c> step runs named recipes from the recipe's folder or the library, in the parent's transaction.</summary>
public sealed class NestedRecipeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nettroublecms-nested", Guid.NewGuid().ToString("N"));

    public NestedRecipeTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "site"));
        Directory.CreateDirectory(Path.Combine(_root, "library", "Recipes"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
    }

    private const string Parent = """
        { "name": "sample-parent", "steps": [
          { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Memo", "DisplayName": "Memo", "ContentTypePartDefinitionRecords": [] } ] },
          { "name": "recipes", "Values": [ { "executionid": "Sample", "name": "sample-child" }, { "executionid": "Sample", "name": "sample-library-child" } ] },
          { "name": "Content", "data": [ { "ContentItemId": "4samp1eparent0000000000001", "ContentType": "Memo", "DisplayText": "parent", "Latest": true, "Published": true } ] }
        ] }
        """;

    private static string Child(string name, string id, string text) => $$"""
        { "name": "{{name}}", "steps": [
          { "name": "Content", "data": [ { "ContentItemId": "{{id}}", "ContentType": "Memo", "DisplayText": "[file: text('{{text}}')]", "Latest": true, "Published": true } ] },
          { "name": "feature", "enable": [ "Sample.Feature" ] } ] }
        """;

    private async Task<TestEngine> EngineAsync() => await TestEngine.CreateAsync(o => o.LibraryFolders.Add(Path.Combine(_root, "library")));

    [Fact]
    public async Task Named_recipes_run_from_the_same_folder_and_the_library_with_their_own_files()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "parent.recipe.json"), Parent);
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "child.recipe.json"), Child("sample-child", "4samp1echi1d00000000000001", "child.txt"));
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "child.txt"), "from the same folder");
        await File.WriteAllTextAsync(Path.Combine(_root, "library", "Recipes", "lib.recipe.json"), Child("sample-library-child", "4samp1echi1d00000000000002", "lib.txt"));
        await File.WriteAllTextAsync(Path.Combine(_root, "library", "Recipes", "lib.txt"), "from the library");
        await using var engine = await EngineAsync();

        RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(Path.Combine(_root, "site", "parent.recipe.json"));
        }

        var items = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().ToDictionary(i => i!["ContentItemId"]!.GetValue<string>(), i => i!["DisplayText"]!.GetValue<string>());
        Assert.Equal("from the same folder", items["4samp1echi1d00000000000001"]);
        Assert.Equal("from the library", items["4samp1echi1d00000000000002"]);
        Assert.Equal("parent", items["4samp1eparent0000000000001"]);
        Assert.Equal(
            ["ContentDefinition", "recipes", "sample-child/Content", "sample-child/feature", "sample-library-child/Content", "sample-library-child/feature", "Content"],
            result.Steps.Select(s => s.Recipe is null ? s.Name : $"{s.Recipe}/{s.Name}"));
        Assert.Equal(2, result.SkippedCount);
        Assert.False(result.Complete);
    }

    [Fact]
    public async Task A_failing_sub_recipe_rolls_back_the_parent_and_is_named()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "parent.recipe.json"), Parent);
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "child.recipe.json"), Child("sample-child", "4samp1echi1d00000000000001", "child.txt"));
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "child.txt"), "from the same folder");
        // The library child refers to a file that is not there.
        await File.WriteAllTextAsync(Path.Combine(_root, "library", "Recipes", "lib.recipe.json"), Child("sample-library-child", "4samp1echi1d00000000000002", "missing.txt"));
        await using var engine = await EngineAsync();

        var error = await Assert.ThrowsAsync<RecipeException>(async () =>
        {
            await using var scope = engine.Scope();
            await scope.Recipes.ImportFileAsync(Path.Combine(_root, "site", "parent.recipe.json"));
        });

        Assert.Equal(1, error.StepIndex);
        Assert.Equal("$.steps[1].Values[1]", error.JsonPath);
        Assert.Contains("レシピ「sample-library-child」（lib.recipe.json）", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
        Assert.Null(await engine.DefinitionsDocumentAsync());
    }

    [Fact]
    public async Task An_unknown_or_self_naming_recipe_is_refused()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "parent.recipe.json"), Parent);
        await File.WriteAllTextAsync(Path.Combine(_root, "site", "child.recipe.json"), """{ "name": "sample-child", "steps": [ { "name": "recipes", "Values": [ { "name": "sample-child" } ] } ] }""");
        await using var engine = await EngineAsync();

        var loop = await Assert.ThrowsAsync<RecipeException>(async () =>
        {
            await using var scope = engine.Scope();
            await scope.Recipes.ImportFileAsync(Path.Combine(_root, "site", "parent.recipe.json"));
        });
        var unknown = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("""{ "steps": [ { "name": "recipes", "Values": [ { "name": "no-such-recipe" } ] } ] }"""));

        Assert.Contains("入れ子が深すぎます", loop.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
        Assert.Contains("レシピ「no-such-recipe」が見つかりません", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("$.steps[0].Values[0].name", unknown.JsonPath);
    }
}
