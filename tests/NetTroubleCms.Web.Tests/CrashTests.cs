using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NetTroubleCms.Content;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// kill -9 of the real process in the middle of a large import and in the middle of publishing. Afterwards the
/// database passes <c>PRAGMA integrity_check</c>, the import is all or nothing, no acknowledged publish is lost, and
/// the site starts again on the same folder. Each crash is its own class, so the three run in parallel with each other.
/// </summary>
public abstract class CrashTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The test's output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    protected const int LargeImportItems = 400;
    protected const string HoterasuId = "63r3gb96aszsk7ks37ks2pqs94";
    protected const string HoterasuTitle = "法的トラブル解決のための「総合案内所」 法テラス";
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), "ntcms-crash", Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
    }

    // A seeded site as a first start leaves it (the run's seeded copy; see CmsApplication.CopySeededSite).
    protected Task<string> SeededFolderAsync(string name)
    {
        var folder = Path.Combine(Root, name);
        CmsApplication.CopySeededSite(folder);
        return Task.FromResult(folder);
    }

    protected static string CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }

    protected static async Task<(string Integrity, long Items)> InspectAsync(string folder, string type)
    {
        // A read-write open replays what the killed process left in the WAL, exactly as the next start would.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "cms.db")};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var integrity = (string)(await command.ExecuteScalarAsync())!;
        command.CommandText = "SELECT COUNT(*) FROM ContentItems WHERE ContentType = $type AND Latest = 1;";
        command.Parameters.AddWithValue("$type", type);
        return (integrity, (long)(await command.ExecuteScalarAsync())!);
    }

    protected string WriteLargeRecipe()
    {
        var items = new JsonArray();
        for (var i = 0; i < LargeImportItems; i++)
        {
            items.Add(new JsonObject
            {
                ["ContentItemId"] = IdGenerator.NewId(),
                ["ContentType"] = "SampleMemo",
                ["DisplayText"] = $"サンプルメモ {i}",
                ["Published"] = true,
                ["Latest"] = true,
                ["TitlePart"] = new JsonObject { ["Title"] = $"サンプルメモ {i}: " + new string('x', 200) },
            });
        }

        var recipe = new JsonObject
        {
            ["name"] = "sample-large-import",
            ["steps"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = "ContentDefinition",
                    ["ContentTypes"] = new JsonArray { new JsonObject { ["Name"] = "SampleMemo", ["DisplayName"] = "サンプルメモ", ["ContentTypePartDefinitionRecords"] = new JsonArray() } },
                },
                new JsonObject { ["name"] = "Content", ["data"] = items },
            },
        };
        var path = Path.Combine(Root, "sample-large.recipe.json");
        File.WriteAllText(path, recipe.ToJsonString());
        return path;
    }

}

/// <summary>kill -9 case: see <see cref="CrashTests"/>.</summary>
public sealed class MigrationLockCrashTests(ITestOutputHelper output) : CrashTests(output)
{
    [Fact]
    public async Task AMigrationLockLeftByAKilledStartDoesNotStopTheNextStart()
    {
        // EF's SQLite migration lock is a row; a process killed while holding it used to make every later start wait
        // forever (seen when a kill landed in start-up under load).
        var folder = await SeededFolderAsync("locked");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "cms.db")};Mode=ReadWrite;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT OR REPLACE INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var child = ChildProcess.Start(folder, ["recipe", "export", "--output", Path.Combine(Root, "locked.json")]);
        var (exit, _, err) = await child.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(exit == 0, err);
    }
}

/// <summary>kill -9 case: see <see cref="CrashTests"/>.</summary>
public sealed class ImportCrashTests(ITestOutputHelper output) : CrashTests(output)
{
    [Fact]
    public async Task KillDuringALargeImportLeavesAnIntactDatabaseAndAllOrNothing()
    {
        var seeded = await SeededFolderAsync("seeded");
        var recipe = WriteLargeRecipe();

        // One undisturbed run tells how long an import takes here, so the kills can be spread across it.
        var measured = CopyFolder(seeded, Path.Combine(Root, "measured"));
        var clock = Stopwatch.StartNew();
        var full = await ChildProcess.RunAsync(measured, "recipe", "import", recipe);
        var duration = clock.Elapsed;
        Assert.True(full.Exit == 0, full.Err);
        Assert.Equal(("ok", (long)LargeImportItems), await InspectAsync(measured, "SampleMemo"));

        double[] fractions = [0.4, 0.6, 0.8, 0.9];
        var outcomes = new List<string>();
        foreach (var (fraction, run) in fractions.Select((f, i) => (f, i)))
        {
            var folder = CopyFolder(seeded, Path.Combine(Root, $"run{run}"));
            using (var child = ChildProcess.Start(folder, ["recipe", "import", recipe]))
            {
                await Task.Delay(duration * fraction);
                child.Kill();
            }

            var (integrity, items) = await InspectAsync(folder, "SampleMemo");
            Assert.Equal("ok", integrity);
            Assert.True(items is 0 or LargeImportItems, $"run {run}: {items} of {LargeImportItems} items survived a kill -9 (partial import)");
            outcomes.Add(items == 0 ? "nothing" : "all");

            // The site starts again on the folder the crash left behind (in the test process: the start is the same code).
            var restart = await InProcessCli.RunAsync(folder, "recipe", "export", "--output", Path.Combine(Root, $"run{run}.json"));
            Assert.True(restart.Exit == 0, restart.Err);
        }

        Output.WriteLine($"import of {LargeImportItems} items takes {duration.TotalSeconds:F1} s; kill -9 at {string.Join(", ", fractions)} of it: {string.Join(", ", outcomes)}");
    }
}

/// <summary>kill -9 case: see <see cref="CrashTests"/>.</summary>
public sealed class PublishCrashTests(ITestOutputHelper output) : CrashTests(output)
{
    [Fact]
    public async Task KillDuringPublishingLosesNoAcknowledgedPublish()
    {
        var folder = await SeededFolderAsync("site");
        var lastAcknowledged = HoterasuTitle;
        var random = new Random(10);
        for (var round = 0; round < 3; round++)
        {
            string inFlight;
            using (var server = await ChildProcess.StartServerAsync(folder))
            {
                using var admin = new AdminClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.BaseAddress });
                Assert.Equal(HttpStatusCode.Redirect, (await admin.TrySignInAsync("admin", CmsApplication.AdminPassword)).StatusCode);
                const string id = HoterasuId;
                var titleInput = AdminData.InputHolding(await admin.GetPageAsync($"/admin/contents/{id}/edit"), lastAcknowledged);
                for (var i = 0; i < 3; i++)
                {
                    var title = $"サンプル見出し {round}-{i}";
                    using var published = await admin.SaveAsync(id, "publish", new() { [titleInput] = title });
                    Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
                    lastAcknowledged = title;
                }

                // One more publish, killed while in flight.
                inFlight = $"サンプル見出し {round}-killed";
                var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
                var pending = admin.SaveAsync(id, "publish", new() { [titleInput] = inFlight }, page);
                await Task.Delay(random.Next(0, 40));
                server.Kill();
                try
                {
                    using var answer = await pending;
                    if (answer.StatusCode == HttpStatusCode.Redirect)
                    {
                        lastAcknowledged = inFlight;
                    }
                }
                catch (HttpRequestException)
                {
                    // The connection died with the process: not acknowledged.
                }
            }

            var (integrity, _) = await InspectAsync(folder, "Agency");
            Assert.Equal("ok", integrity);

            // The next start on that folder, in the test process (the kill above is what needs a real process); the app
            // is disposed before the next round's server opens the folder.
            using var restarted = CmsApplication.OnFolder(folder);
            using var http = restarted.CreateClient();
            var html = WebUtility.HtmlDecode(await http.GetStringAsync("/agencies/houterasu"));
            Assert.True(html.Contains(lastAcknowledged, StringComparison.Ordinal) || html.Contains(inFlight, StringComparison.Ordinal),
                $"round {round}: the acknowledged title {lastAcknowledged} is gone after kill -9");
            if (html.Contains(inFlight, StringComparison.Ordinal))
            {
                lastAcknowledged = inFlight;
            }

            Output.WriteLine($"round {round}: after kill -9 the public page shows {lastAcknowledged}");
        }
    }
}
