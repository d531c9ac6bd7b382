using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The CLI verbs on a real data folder. Each verb family keeps tests that run the executable as a real process, as an
/// operator would (exit codes, output, the site not starting); the other cases run the same command line in the test
/// process (<see cref="InProcessCli"/>), which skips a runtime start per command. The tests are split into three
/// classes so that they run in parallel.
/// </summary>
public abstract class CliTests : IDisposable
{
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), "ntcms-cli", Guid.NewGuid().ToString("n"));

    protected CliTests() => Directory.CreateDirectory(Root);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
    }

    /// <summary>The command as a child process.</summary>
    protected static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        using var child = ChildProcess.Start(dataDirectory, args);
        return await child.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>The command in the test process, with its own output writers and a fresh app per command.</summary>
    protected static Task<(int Exit, string Out, string Err)> RunHereAsync(string dataDirectory, params string[] args) =>
        InProcessCli.RunAsync(dataDirectory, args);

    protected static int CountItems(JsonObject recipe, string type) =>
        recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray())
            .Count(i => i!["ContentType"]!.ToString() == type);

}

/// <summary>recipe export and import between sites: see <see cref="CliTests"/>.</summary>
public sealed class CliRecipeTests : CliTests
{
    [Fact]
    public async Task ExportWritesTheSeededSiteAsARecipe()
    {
        var output = Path.Combine(Root, "export.json");

        var (exit, _, err) = await RunHereAsync(Path.Combine(Root, "a"), "recipe", "export", "--output", output);

        Assert.True(exit == 0, err);
        var recipe = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        Assert.Equal(24, CountItems(recipe, "Agency"));
        Assert.Equal(39, CountItems(recipe, "DecisionNode"));
        Assert.Contains(recipe["steps"]!.AsArray(), s => s!["name"]!.ToString() == "ContentDefinition");
    }

    [Fact]
    public async Task ExportImportExportIsStableAcrossSites()
    {
        var first = Path.Combine(Root, "first.json");
        var second = Path.Combine(Root, "second.json");
        await RunAsync(Path.Combine(Root, "a"), "recipe", "export", "--output", first);

        var import = await RunAsync(Path.Combine(Root, "b"), "recipe", "import", first);
        var export = await RunAsync(Path.Combine(Root, "b"), "recipe", "export", "--output", second);

        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("created 0", import.Out, StringComparison.Ordinal);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
    }

    [Fact]
    public async Task TheSeedImportedAsBaseChangesNothingAndExportsAsBaseWithAnEmptyLayer()
    {
        var data = Path.Combine(Root, "e");
        var baseOut = Path.Combine(Root, "base.json");
        var layerOut = Path.Combine(Root, "layer.json");
        var seed = Path.Combine(CmsApplication.RepositoryRoot, "recipes", "net-trouble-guide.recipe.json");

        var import = await RunHereAsync(data, "recipe", "import", "--as-base", seed);
        var exportBase = await RunHereAsync(data, "recipe", "export", "--part", "base", "--output", baseOut);
        var exportLayer = await RunHereAsync(data, "recipe", "export", "--part", "layer", "--output", layerOut);

        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("created 0, updated 0", import.Out, StringComparison.Ordinal);
        Assert.Contains("conflicts to review 0", import.Out, StringComparison.Ordinal);
        Assert.True(exportBase.Exit == 0, exportBase.Err);
        Assert.Equal(CountItems((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(seed))!, "Agency"), CountItems((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(baseOut))!, "Agency"));
        Assert.True(exportLayer.Exit == 0, exportLayer.Err);
        Assert.Equal(0, CountItems((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(layerOut))!, "Agency"));
        Assert.Equal(0, CountItems((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(layerOut))!, "DecisionNode"));
    }

    [Fact]
    public async Task ImportOfBadJsonFailsWithAClearMessageAndChangesNothing()
    {
        var data = Path.Combine(Root, "c");
        var before = Path.Combine(Root, "before.json");
        var after = Path.Combine(Root, "after.json");
        var bad = Path.Combine(Root, "bad.recipe.json");
        await File.WriteAllTextAsync(bad, """{ "steps": [ { "name": "Content", "data": [ { "ContentItemId": "x" """);
        await RunAsync(data, "recipe", "export", "--output", before);

        var (exit, _, err) = await RunAsync(data, "recipe", "import", bad);
        await RunAsync(data, "recipe", "export", "--output", after);

        Assert.Equal(1, exit);
        Assert.Contains("JSON", err, StringComparison.Ordinal);
        Assert.Contains("何も変更していません", err, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(before), await File.ReadAllTextAsync(after));
    }

}

/// <summary>recipe import refusals and packages: see <see cref="CliTests"/>.</summary>
public sealed class CliRecipeFailureTests : CliTests
{
    [Fact]
    public async Task ImportOfAnItemWithoutIdNamesStepPathAndRollsBack()
    {
        var data = Path.Combine(Root, "d");
        var before = Path.Combine(Root, "before.json");
        var after = Path.Combine(Root, "after.json");
        var bad = Path.Combine(Root, "noid.recipe.json");
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
        await RunHereAsync(data, "recipe", "export", "--output", before);

        var (exit, _, err) = await RunHereAsync(data, "recipe", "import", bad);
        await RunHereAsync(data, "recipe", "export", "--output", after);

        Assert.Equal(1, exit);
        Assert.Contains("手順 2", err, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].Data[1].ContentItemId", err, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(before), await File.ReadAllTextAsync(after));
    }

    [Fact]
    public async Task ImportWithASkippedStepExitsThreeUnlessSkippingIsAllowed()
    {
        var data = Path.Combine(Root, "f");
        var recipe = Path.Combine(Root, "skipped.recipe.json");
        await File.WriteAllTextAsync(recipe, """
            { "steps": [
              { "name": "feature", "enable": [ "OrchardCore.Sample" ] },
              { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Memo", "DisplayName": "メモ", "ContentTypePartDefinitionRecords": [] } ] }
            ] }
            """);

        var strict = await RunHereAsync(data, "recipe", "import", recipe);
        var allowed = await RunHereAsync(data, "recipe", "import", recipe, "--allow-skipped");

        Assert.True(strict.Exit == 3, strict.Out + strict.Err);
        Assert.Contains("feature: 読み飛ばし / skipped", strict.Out, StringComparison.Ordinal);
        Assert.Contains("ContentDefinition: 適用 / applied", strict.Out, StringComparison.Ordinal);
        Assert.Contains("steps applied 1, skipped 1", strict.Out, StringComparison.Ordinal);
        Assert.Contains("--allow-skipped", strict.Err, StringComparison.Ordinal);
        Assert.True(allowed.Exit == 0, allowed.Out + allowed.Err);
    }

    [Fact]
    public async Task PackagesCarryMediaBetweenSitesAndAFailedPackageLeavesNoFile()
    {
        var recipe = Path.Combine(Root, "photo.recipe.json");
        var package = Path.Combine(Root, "site.zip");
        var plain = Path.Combine(Root, "site.json");
        await File.WriteAllTextAsync(recipe, MediaTests.PhotoRecipe);

        var seeded = await RunHereAsync(Path.Combine(Root, "m1"), "recipe", "import", recipe);
        var exported = await RunHereAsync(Path.Combine(Root, "m1"), "recipe", "export", "--output", package);
        var json = await RunHereAsync(Path.Combine(Root, "m1"), "recipe", "export", "--output", plain);
        var imported = await RunHereAsync(Path.Combine(Root, "m2"), "recipe", "import", package);

        Assert.True(seeded.Exit == 0, seeded.Out + seeded.Err);
        Assert.True(exported.Exit == 0, exported.Err);
        Assert.Contains("media files 2", exported.Out, StringComparison.Ordinal);
        Assert.Contains("content uses 2 media files", json.Err, StringComparison.Ordinal);
        Assert.True(imported.Exit == 0, imported.Out + imported.Err);
        Assert.Contains("media: 適用 / applied", imported.Out, StringComparison.Ordinal);
        Assert.Equal(MediaTests.Photo, await File.ReadAllBytesAsync(Path.Combine(Root, "m2", "media", "photos", "春の写真.jpg")));
        Assert.Equal(MediaTests.Slide, await File.ReadAllBytesAsync(Path.Combine(Root, "m2", "media", "slides", "b.png")));

        // The same package with content that cannot be imported: its files must not arrive either.
        var broken = Path.Combine(Root, "broken.zip");
        using (var source = ZipFile.OpenRead(package))
        using (var target = ZipFile.Open(broken, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == "Recipe.json")
                {
                    var doc = JsonNode.Parse(from)!;
                    doc["steps"]!.AsArray().Add(new JsonObject { ["name"] = "Content", ["data"] = new JsonArray(new JsonObject { ["ContentType"] = "Photo" }) });
                    to.Write(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()));
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }

        var failed = await RunHereAsync(Path.Combine(Root, "m3"), "recipe", "import", broken);

        Assert.Equal(1, failed.Exit);
        Assert.Contains("ContentItemId", failed.Err, StringComparison.Ordinal);
        var media = Path.Combine(Root, "m3", "media");
        Assert.Empty(Directory.Exists(media) ? Directory.EnumerateFiles(media, "*", SearchOption.AllDirectories) : []);
        var staging = Path.Combine(Root, "m3", "media-staging");
        Assert.Empty(Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging) : []);
    }

}

/// <summary>usage errors, help, health and serve: see <see cref="CliTests"/>.</summary>
public sealed class CliUsageTests : CliTests
{
    [Fact]
    public async Task UnknownSubVerbIsAUsageError()
    {
        var (exit, _, err) = await RunHereAsync(Path.Combine(Root, "e"), "recipe", "explode");

        Assert.Equal(2, exit);
        Assert.Contains("usage", err, StringComparison.Ordinal);
        Assert.Contains("'explode'", err, StringComparison.Ordinal);
        Assert.Contains("import <file>", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recipes", "export")]
    [InlineData("serv")]
    public async Task UnknownVerbPrintsUsageAndExits2WithoutStartingTheSite(params string[] args)
    {
        var data = Path.Combine(Root, "f");

        var (exit, stdout, err) = await RunHereAsync(data, args);

        Assert.Equal(2, exit);
        Assert.Contains("usage", err, StringComparison.Ordinal);
        Assert.Contains($"'{args[0]}'", err, StringComparison.Ordinal);
        Assert.Contains("serve", err, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(data), "an unknown verb must not create or seed a data folder");
    }

    [Fact]
    public async Task TheExecutableExits2OnAnUnknownVerbWithoutStartingTheSite()
    {
        var data = Path.Combine(Root, "f");

        var (exit, stdout, err) = await RunAsync(data, "serv");

        Assert.Equal(2, exit);
        Assert.Contains("usage", err, StringComparison.Ordinal);
        Assert.Contains("'serv'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "an unknown verb must not create or seed a data folder");
    }

    [Theory]
    [InlineData("recipe", "import")]
    [InlineData("recipe", "export")]
    [InlineData("serve", "--urls")]
    public async Task MissingArgumentIsAUsageError(params string[] args)
    {
        var (exit, _, err) = await RunHereAsync(Path.Combine(Root, "g"), args);

        Assert.Equal(2, exit);
        Assert.Contains("usage", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsEveryVerbWithServeAsTheDefault()
    {
        var data = Path.Combine(Root, "h");

        var (exit, stdout, err) = await RunAsync(data, "--help");

        Assert.True(exit == 0, err);
        Assert.Contains("NetTroubleCms.Web [command] [options]", stdout, StringComparison.Ordinal);
        var commands = stdout[stdout.IndexOf("Commands:", StringComparison.Ordinal)..];
        Assert.Contains("serve", commands, StringComparison.Ordinal);
        Assert.Contains("the default when no verb is given", commands, StringComparison.Ordinal);
        Assert.Contains("recipe", commands, StringComparison.Ordinal);
        Assert.Contains("health", commands, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "help must not touch the data folder");
    }

    [Theory]
    [InlineData("serve", "--urls")]
    [InlineData("recipe", "import <file>")]
    [InlineData("recipe import", "--dry-run")]
    [InlineData("recipe export", "--output")]
    [InlineData("health", "<url>")]
    public async Task EveryVerbHasHelp(string verb, string expected)
    {
        var (exit, stdout, err) = await RunHereAsync(Path.Combine(Root, "i"), [.. verb.Split(' '), "--help"]);

        Assert.True(exit == 0, err);
        // The usage line starts with the executable's name: the test host's here, NetTroubleCms.Web when run as the app.
        Assert.Contains($"{System.CommandLine.RootCommand.ExecutableName} {verb}", stdout, StringComparison.Ordinal);
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthProbeOfAClosedPortExits1()
    {
        var (exit, _, err) = await RunAsync(Path.Combine(Root, "j"), "health", "http://127.0.0.1:9/health/live");

        Assert.Equal(1, exit);
        Assert.Contains("health:", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:0")]
    [InlineData("--urls", "http://127.0.0.1:0", "Cms:AdminUserName=operator")]
    public async Task ServeIsTheDefaultAndPassesHostArgumentsOn(params string[] args)
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

        start.Environment["Cms__DataDirectory"] = Path.Combine(Root, "k");
        // Without a configured password the first start prints the administrator's name: proof that Key=Value reached the host.
        start.Environment.Remove("Cms__AdminPassword");
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Cms__PublicBaseUrl"] = CmsApplication.PublicBaseUrl;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:1"; // --urls must win over it
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            string? address = null;
            var output = new System.Text.StringBuilder();
            while (address is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
                address = at >= 0 ? line[(at + "Now listening on: ".Length)..].Trim() : null;
            }

            Assert.True(address is not null, output.ToString());
            // A first start explains itself: no warning (the key ring is encrypted, not stored in clear text).
            Assert.DoesNotContain("warn:", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("encrypted at rest", output.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            Assert.NotEqual("http://127.0.0.1:1", address);
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(new Uri(address), "/health/live"), timeout.Token);
            Assert.True(response.IsSuccessStatusCode);
            if (args.Contains("Cms:AdminUserName=operator"))
            {
                Assert.Contains("user name: operator", output.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
