using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Deployment packages: a zip with Recipe.json and the media its content names, read back into an empty site.</summary>
public sealed class RecipePackageTests
{
    [Fact]
    public async Task Export_package_carries_the_media_and_an_empty_site_gets_the_same_bytes()
    {
        await using var source = await TestEngine.CreateAsync();
        await source.ImportAsync(MediaRecipes.WithInlineMedia());
        // A file nothing names stays out of the package.
        using (var unused = new MemoryStream(MediaRecipes.Bytes(50)))
        {
            await source.Media.PutAsync("unused/x.jpg", unused);
        }

        var zip = await WritePackageAsync(source);
        var entries = MediaRecipes.Unzip(zip);

        Assert.Equal(["Media/photos/a.jpg", "Media/slides/日本語 b.png", "Recipe.json"], entries.Keys.Order(StringComparer.Ordinal));
        var recipe = RecipeJson.Parse(Encoding.UTF8.GetString(entries["Recipe.json"]));
        var names = recipe.Steps().Select(s => s["name"]!.GetValue<string>()).ToList();
        Assert.True(names.IndexOf("media") < names.IndexOf("Content"), string.Join(",", names));
        var files = recipe.Step("media")["Files"]!.AsArray();
        Assert.Equal("Media/photos/a.jpg", files[0]!["SourcePath"]!.GetValue<string>());
        Assert.Equal("photos/a.jpg", files[0]!["TargetPath"]!.GetValue<string>());

        await using var target = await TestEngine.CreateAsync();
        RecipeImportResult result;
        await using (var scope = target.Scope())
        {
            result = await scope.Recipes.ImportPackageAsync(new MemoryStream(zip));
        }

        Assert.True(result.Complete);
        Assert.Equal(MediaRecipes.Bytes(1), await MediaRecipes.ReadAsync(target.Media, MediaRecipes.PhotoPath));
        Assert.Equal(MediaRecipes.Bytes(2), await MediaRecipes.ReadAsync(target.Media, MediaRecipes.SlidePath));
        Assert.False(await target.Media.ExistsAsync("unused/x.jpg"));
        var before = (await source.ExportAsync()).Step("Content");
        var after = (await target.ExportAsync()).Step("Content");
        Assert.True(JsonNode.DeepEquals(before, after), after.Text());
    }

    [Fact]
    public async Task A_package_file_on_disk_is_recognised_by_its_content()
    {
        await using var source = await TestEngine.CreateAsync();
        await source.ImportAsync(MediaRecipes.WithInlineMedia());
        var file = Path.Combine(source.Folder, "site-export.bin");
        await File.WriteAllBytesAsync(file, await WritePackageAsync(source));
        await using var target = await TestEngine.CreateAsync();

        await using (var scope = target.Scope())
        {
            await scope.Recipes.ImportFileAsync(file);
        }

        Assert.Equal(MediaRecipes.Bytes(2), await MediaRecipes.ReadAsync(target.Media, MediaRecipes.SlidePath));
    }

    [Fact]
    public async Task Missing_media_is_reported_not_packed()
    {
        await using var source = await TestEngine.CreateAsync();
        await source.ImportAsync(MediaRecipes.WithInlineMedia());
        await source.Media.DeleteAsync(MediaRecipes.SlidePath);

        await using var scope = source.Scope();
        var recipe = await scope.Exporter.ExportAsync(new RecipeExportRequest());
        using var output = new MemoryStream();
        var report = await RecipePackage.WriteAsync(recipe, await scope.Definitions.LoadAsync(), source.Media, output);

        Assert.Equal([MediaRecipes.PhotoPath], report.MediaFiles);
        Assert.Equal([MediaRecipes.SlidePath], report.MissingMedia);
        Assert.Equal(2, MediaRecipes.Unzip(output.ToArray()).Count);
        // Emptied folders go with their last file, as in a blob store.
        Assert.Equal(["photos"], (await source.Media.ListAsync("")).Folders);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("Media/../../evil.txt")]
    [InlineData("/evil.txt")]
    [InlineData("Media\\..\\..\\evil.txt")]
    public async Task A_package_entry_that_leaves_its_folder_is_refused(string name)
    {
        await using var engine = await TestEngine.CreateAsync();
        var zip = MediaRecipes.Zip(("Recipe.json", MediaRecipes.Utf8("""{ "steps": [] }""")), (name, MediaRecipes.Utf8("evil")));
        await using var scope = engine.Scope();

        var error = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportPackageAsync(new MemoryStream(zip)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(engine.Folder, "evil.txt", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(engine.StagingFolder));
    }

    [Fact]
    public async Task A_package_over_the_unpacked_limit_is_refused()
    {
        await using var engine = await TestEngine.CreateAsync(o => o.MaxPackageBytes = 10_000);
        // Compresses to almost nothing: the limit must count what comes out, not what the archive claims.
        var zip = MediaRecipes.Zip(("Recipe.json", MediaRecipes.Utf8("""{ "steps": [] }""")), ("Media/zeros.bin", new byte[50_000]));
        await using var scope = engine.Scope();

        var error = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportPackageAsync(new MemoryStream(zip)));

        Assert.Contains("10000", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(engine.StagingFolder));
    }

    [Fact]
    public async Task A_package_without_Recipe_json_or_not_a_zip_is_refused()
    {
        await using var engine = await TestEngine.CreateAsync();
        await using var scope = engine.Scope();

        var missing = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportPackageAsync(new MemoryStream(MediaRecipes.Zip(("other.json", MediaRecipes.Utf8("{}"))))));
        var broken = await Assert.ThrowsAsync<RecipeException>(() => scope.Recipes.ImportPackageAsync(new MemoryStream(MediaRecipes.Utf8("PK not really a zip"))));

        Assert.Contains("Recipe.json", missing.Message, StringComparison.Ordinal);
        Assert.Contains("zip", broken.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WritePackageAsync(TestEngine engine)
    {
        await using var scope = engine.Scope();
        var recipe = await scope.Exporter.ExportAsync(new RecipeExportRequest());
        using var output = new MemoryStream();
        await RecipePackage.WriteAsync(recipe, await scope.Definitions.LoadAsync(), engine.Media, output);
        return output.ToArray();
    }
}
