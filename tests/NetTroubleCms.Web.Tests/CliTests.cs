using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Web.Tests;

/// <summary>The CLI verbs run as a real process on a real data folder, as an operator would run them.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ntcms-cli", Guid.NewGuid().ToString("n"));

    public CliTests() => Directory.CreateDirectory(_root);

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

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NetTroubleCms.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Cms__DataDirectory"] = dataDirectory;
        start.Environment["Cms__AdminPassword"] = CmsApplication.AdminPassword;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static int CountItems(JsonObject recipe, string type) =>
        recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray())
            .Count(i => i!["ContentType"]!.ToString() == type);

    [Fact]
    public async Task ExportWritesTheSeededSiteAsARecipe()
    {
        var output = Path.Combine(_root, "export.json");

        var (exit, _, err) = await RunAsync(Path.Combine(_root, "a"), "recipe", "export", "--output", output);

        Assert.True(exit == 0, err);
        var recipe = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        Assert.Equal(24, CountItems(recipe, "Agency"));
        Assert.Equal(39, CountItems(recipe, "DecisionNode"));
        Assert.Contains(recipe["steps"]!.AsArray(), s => s!["name"]!.ToString() == "ContentDefinition");
    }

    [Fact]
    public async Task ExportImportExportIsStableAcrossSites()
    {
        var first = Path.Combine(_root, "first.json");
        var second = Path.Combine(_root, "second.json");
        await RunAsync(Path.Combine(_root, "a"), "recipe", "export", "--output", first);

        var import = await RunAsync(Path.Combine(_root, "b"), "recipe", "import", first);
        var export = await RunAsync(Path.Combine(_root, "b"), "recipe", "export", "--output", second);

        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("created 0", import.Out, StringComparison.Ordinal);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
    }

    [Fact]
    public async Task ImportOfBadJsonFailsWithAClearMessageAndChangesNothing()
    {
        var data = Path.Combine(_root, "c");
        var before = Path.Combine(_root, "before.json");
        var after = Path.Combine(_root, "after.json");
        var bad = Path.Combine(_root, "bad.recipe.json");
        await File.WriteAllTextAsync(bad, """{ "steps": [ { "name": "Content", "data": [ { "ContentItemId": "x" """);
        await RunAsync(data, "recipe", "export", "--output", before);

        var (exit, _, err) = await RunAsync(data, "recipe", "import", bad);
        await RunAsync(data, "recipe", "export", "--output", after);

        Assert.Equal(1, exit);
        Assert.Contains("JSON", err, StringComparison.Ordinal);
        Assert.Contains("何も変更していません", err, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(before), await File.ReadAllTextAsync(after));
    }

    [Fact]
    public async Task ImportOfAnItemWithoutIdNamesStepPathAndRollsBack()
    {
        var data = Path.Combine(_root, "d");
        var before = Path.Combine(_root, "before.json");
        var after = Path.Combine(_root, "after.json");
        var bad = Path.Combine(_root, "noid.recipe.json");
        await File.WriteAllTextAsync(bad, """
            {
              // a good definition step first, then content whose second item has no id
              "steps": [
                { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Memo", "DisplayName": "メモ", "ContentTypePartDefinitionRecords": [] } ] },
                { "name": "content", "Data": [
                  { "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentType": "Memo", "DisplayText": "one", "Published": true, "Latest": true },
                  { "ContentType": "Memo", "DisplayText": "two", "Published": true, "Latest": true },
                ] }
              ]
            }
            """);
        await RunAsync(data, "recipe", "export", "--output", before);

        var (exit, _, err) = await RunAsync(data, "recipe", "import", bad);
        await RunAsync(data, "recipe", "export", "--output", after);

        Assert.Equal(1, exit);
        Assert.Contains("手順 2", err, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].Data[1].ContentItemId", err, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(before), await File.ReadAllTextAsync(after));
    }

    [Fact]
    public async Task ImportWithASkippedStepExitsThreeUnlessSkippingIsAllowed()
    {
        var data = Path.Combine(_root, "f");
        var recipe = Path.Combine(_root, "skipped.recipe.json");
        await File.WriteAllTextAsync(recipe, """
            { "steps": [
              { "name": "feature", "enable": [ "OrchardCore.Sample" ] },
              { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Memo", "DisplayName": "メモ", "ContentTypePartDefinitionRecords": [] } ] }
            ] }
            """);

        var strict = await RunAsync(data, "recipe", "import", recipe);
        var allowed = await RunAsync(data, "recipe", "import", recipe, "--allow-skipped");

        Assert.True(strict.Exit == 3, strict.Out + strict.Err);
        Assert.Contains("feature: 読み飛ばし / skipped", strict.Out, StringComparison.Ordinal);
        Assert.Contains("ContentDefinition: 適用 / applied", strict.Out, StringComparison.Ordinal);
        Assert.Contains("steps applied 1, skipped 1", strict.Out, StringComparison.Ordinal);
        Assert.Contains("--allow-skipped", strict.Err, StringComparison.Ordinal);
        Assert.True(allowed.Exit == 0, allowed.Out + allowed.Err);
    }

    [Fact]
    public async Task UnknownVerbIsAUsageError()
    {
        var (exit, _, err) = await RunAsync(Path.Combine(_root, "e"), "recipe", "explode");

        Assert.Equal(2, exit);
        Assert.Contains("usage", err, StringComparison.Ordinal);
    }
}
