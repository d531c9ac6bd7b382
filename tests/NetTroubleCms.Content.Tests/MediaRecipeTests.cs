using System.Text.Json.Nodes;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>The <c>media</c> step: files arrive with the recipe, all or nothing, and never outside the media folder.</summary>
public sealed class MediaRecipeTests
{
    [Fact]
    public async Task Inline_files_reach_the_store_with_their_bytes_when_the_import_commits()
    {
        await using var engine = await TestEngine.CreateAsync();

        var result = await engine.ImportAsync(MediaRecipes.WithInlineMedia());

        Assert.True(result.Complete);
        Assert.Equal(2, result.MediaFiles);
        Assert.Equal(MediaRecipes.Bytes(1), await MediaRecipes.ReadAsync(engine.Media, MediaRecipes.PhotoPath));
        Assert.Equal(MediaRecipes.Bytes(2), await MediaRecipes.ReadAsync(engine.Media, MediaRecipes.SlidePath));
        Assert.Equal(["photos", "slides"], (await engine.Media.ListAsync("")).Folders);
        // Staged copies are gone once the import is over.
        Assert.Empty(Directory.Exists(engine.StagingFolder) ? Directory.EnumerateFileSystemEntries(engine.StagingFolder) : []);
    }

    [Fact]
    public async Task A_failed_import_leaves_no_new_files_and_keeps_the_old_bytes()
    {
        await using var engine = await TestEngine.CreateAsync();
        using (var old = new MemoryStream(MediaRecipes.Bytes(99)))
        {
            await engine.Media.PutAsync(MediaRecipes.PhotoPath, old);
        }

        // The media step runs first and succeeds; the item after it has no id, which refuses the whole recipe.
        var recipe = MediaRecipes.WithInlineMedia().Replace($"\"ContentItemId\": \"{MediaRecipes.PhotoId}\", ", "", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Equal(2, error.StepIndex);
        Assert.Equal(MediaRecipes.Bytes(99), await MediaRecipes.ReadAsync(engine.Media, MediaRecipes.PhotoPath));
        Assert.False(await engine.Media.ExistsAsync(MediaRecipes.SlidePath));
        Assert.Empty(Directory.Exists(engine.StagingFolder) ? Directory.EnumerateFileSystemEntries(engine.StagingFolder) : []);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_dry_run_reports_the_files_and_writes_none()
    {
        await using var engine = await TestEngine.CreateAsync();

        var result = await engine.ImportAsync(MediaRecipes.WithInlineMedia(), dryRun: true);

        Assert.Equal(2, result.MediaFiles);
        Assert.Empty((await engine.Media.ListAsync("")).Files);
        Assert.Empty((await engine.Media.ListAsync("")).Folders);
    }

    [Theory]
    [InlineData("../escape.jpg")]
    [InlineData("photos/../../escape.jpg")]
    [InlineData("/etc/escape.jpg")]
    [InlineData("photos\\..\\..\\escape.jpg")]
    [InlineData("C:/escape.jpg")]
    [InlineData("photos/\u0000escape.jpg")]
    [InlineData("photos//escape.jpg")]
    [InlineData("~/escape.jpg")]
    public async Task A_target_path_that_could_leave_the_media_folder_refuses_the_recipe(string target)
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject
            {
                ["name"] = "media",
                ["Files"] = new JsonArray(
                    new JsonObject { ["TargetPath"] = "fine.jpg", ["Base64"] = Convert.ToBase64String(MediaRecipes.Bytes(1)) },
                    new JsonObject { ["TargetPath"] = target, ["Base64"] = Convert.ToBase64String(MediaRecipes.Bytes(2)) }),
            }),
        };

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe.ToJsonString()));

        Assert.Equal("$.steps[0].Files[1].TargetPath", error.JsonPath);
        Assert.False(await engine.Media.ExistsAsync("fine.jpg"));
        Assert.Empty(Directory.EnumerateFiles(engine.Folder, "escape.jpg", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_source_outside_the_recipe_folder_is_not_read_and_the_step_is_partial()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipeFolder = Path.Combine(engine.Folder, "recipe");
        Directory.CreateDirectory(recipeFolder);
        await File.WriteAllTextAsync(Path.Combine(engine.Folder, "secret.txt"), "not for the media folder");
        await File.WriteAllBytesAsync(Path.Combine(recipeFolder, "ok.png"), MediaRecipes.Bytes(5));
        var recipePath = Path.Combine(recipeFolder, "r.recipe.json");
        await File.WriteAllTextAsync(recipePath, """
            { "steps": [ { "name": "media", "Files": [
                { "TargetPath": "ok.png", "SourcePath": "ok.png" },
                { "TargetPath": "leak.txt", "SourcePath": "../secret.txt" },
                { "TargetPath": "absolute.txt", "SourcePath": "/etc/hostname" },
                { "TargetPath": "remote.jpg", "SourceUrl": "http://127.0.0.1/x.jpg" } ] } ] }
            """);

        RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(recipePath);
        }

        Assert.False(result.Complete);
        Assert.Equal(["media"], result.PartialSteps);
        Assert.Equal(RecipeStepStatus.Partial, result.Steps.Single().Status);
        Assert.Equal(MediaRecipes.Bytes(5), await MediaRecipes.ReadAsync(engine.Media, "ok.png"));
        Assert.False(await engine.Media.ExistsAsync("leak.txt"));
        Assert.False(await engine.Media.ExistsAsync("absolute.txt"));
        Assert.False(await engine.Media.ExistsAsync("remote.jpg"));
        Assert.Equal(3, result.Warnings.Count);
        Assert.Contains("$.steps[0].Files[1].SourcePath", result.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("$.steps[0].Files[2].SourcePath", result.Warnings[1], StringComparison.Ordinal);
        Assert.Contains("$.steps[0].Files[3].SourceUrl", result.Warnings[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_expressions_feed_Base64_from_beside_the_recipe()
    {
        await using var engine = await TestEngine.CreateAsync();
        await File.WriteAllBytesAsync(Path.Combine(engine.Folder, "logo.gif"), MediaRecipes.Bytes(7));

        var result = await engine.ImportAsync("""
            { "steps": [ { "name": "media", "Files": [ { "TargetPath": "brand/logo.gif", "Base64": "[file:base64('logo.gif')]" } ] } ] }
            """, fileRoot: engine.Folder);

        Assert.True(result.Complete);
        Assert.Equal(MediaRecipes.Bytes(7), await MediaRecipes.ReadAsync(engine.Media, "brand/logo.gif"));
    }

    [Fact]
    public async Task Broken_base64_refuses_the_recipe_at_its_place()
    {
        await using var engine = await TestEngine.CreateAsync();

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("""
            { "steps": [ { "name": "media", "Files": [ { "TargetPath": "a.jpg", "Base64": "not base64!" } ] } ] }
            """));

        Assert.Equal("$.steps[0].Files[0].Base64", error.JsonPath);
    }

    [Fact]
    public async Task A_file_over_the_limit_refuses_the_recipe()
    {
        await using var engine = await TestEngine.CreateAsync(o => o.MaxMediaFileBytes = 1000);

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync($$"""
            { "steps": [ { "name": "media", "Files": [ { "TargetPath": "big.jpg", "Base64": "{{Convert.ToBase64String(MediaRecipes.Bytes(1, 1001))}}" } ] } ] }
            """));

        Assert.Equal("$.steps[0].Files[0]", error.JsonPath);
        Assert.False(await engine.Media.ExistsAsync("big.jpg"));
    }

    [Fact]
    public async Task Orchard_agency_recipe_reports_its_theme_images_as_not_imported()
    {
        await using var engine = await TestEngine.CreateAsync();
        var mediaStep = RecipeJson.Parse(await File.ReadAllTextAsync(OrchardCorpus.RecipePath("agency"))).Step("media");
        var count = mediaStep["Files"]!.AsArray().Count;

        RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("agency"));
        }

        // Its images live in the theme's wwwroot, beside the Recipes folder, which the corpus does not carry.
        Assert.Equal(17, count);
        Assert.Equal(["media"], result.PartialSteps);
        Assert.Equal(count, result.Warnings.Count(w => w.Contains(".Files[", StringComparison.Ordinal) && w.Contains("].SourcePath", StringComparison.Ordinal)));
        Assert.Empty(await engine.Media.ListAllAsync());
    }

    [Fact]
    public async Task Orchard_agency_recipe_brings_its_images_when_the_theme_folder_is_named()
    {
        await using var engine = await TestEngine.CreateAsync();
        // The theme's layout: Recipes/ beside wwwroot/, as in Orchard's source tree; the images are stand-ins.
        var theme = Path.Combine(engine.Folder, "TheAgencyTheme");
        var recipes = Path.Combine(theme, "Recipes");
        CopyFolder(Path.Combine(OrchardCorpus.Folder, "agency"), recipes);
        var files = RecipeJson.Parse(await File.ReadAllTextAsync(Path.Combine(recipes, "agency.recipe.json"))).Step("media")["Files"]!.AsArray()
            .Select((f, i) => (Target: f!["TargetPath"]!.GetValue<string>(), Source: f["SourcePath"]!.GetValue<string>(), Bytes: MediaRecipes.Bytes(100 + i))).ToList();
        foreach (var (_, source, bytes) in files)
        {
            var full = Path.GetFullPath(Path.Combine(recipes, source));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, bytes);
        }

        RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(Path.Combine(recipes, "agency.recipe.json"), filesRoot: theme);
        }

        Assert.Empty(result.PartialSteps);
        Assert.Equal(17, result.MediaFiles);
        foreach (var (target, _, bytes) in files)
        {
            Assert.Equal(bytes, await MediaRecipes.ReadAsync(engine.Media, target));
        }
    }

    [Fact]
    public async Task A_files_root_that_does_not_hold_the_recipe_is_refused()
    {
        await using var engine = await TestEngine.CreateAsync();
        await using var scope = engine.Scope();

        await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("agency"), filesRoot: engine.Folder));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
