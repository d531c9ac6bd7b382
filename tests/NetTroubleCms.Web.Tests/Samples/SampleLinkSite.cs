using System.Text.Json.Nodes;
using NetTroubleCms.Content;

namespace NetTroubleCms.Web.Tests.Samples;

/// <summary>
/// A site with no leaflet content (so nothing points outside the machine) and two SAMPLE agencies whose links all
/// lead to a <see cref="SampleLinkServer"/>. The definitions come from the shipped recipe; every fact is invented and
/// says so in its name.
/// </summary>
public static class SampleLinkSite
{
    /// <summary>Display name of the first sample agency.</summary>
    public const string AgencyA = "サンプル相談窓口A（テスト用）";

    /// <summary>Display name of the second sample agency.</summary>
    public const string AgencyB = "サンプル相談窓口B（テスト用）";

    /// <summary>An app that seeds nothing, tuned for fast checks (timeout short, yet long enough for a loaded CI machine, one retry, brisk per-host pace).</summary>
    public static CmsApplication CreateApp() => new CmsApplication()
        .With("Cms:SeedRecipe", "no-seed-for-sample-tests.recipe.json")
        .With("Cms:LinkCheck:TimeoutSeconds", "2")
        .With("Cms:LinkCheck:Retries", "1")
        .With("Cms:LinkCheck:RetryDelaySeconds", "0.05")
        .With("Cms:LinkCheck:PerHostIntervalSeconds", "0.05");

    /// <summary>Imports the definitions and the sample agencies; returns their ids (A, B).</summary>
    public static async Task<(string A, string B)> SeedAsync(CmsApplication app, SampleLinkServer server)
    {
        var a = IdGenerator.NewId();
        var b = IdGenerator.NewId();
        var definitions = GuideSeed.Recipe["steps"]!.AsArray().OfType<JsonObject>().First(s => s["name"]!.ToString() == "ContentDefinition").DeepClone();
        var recipe = new JsonObject
        {
            ["name"] = "sample-links",
            ["steps"] = new JsonArray
            {
                new JsonObject { ["name"] = "Settings", ["SiteName"] = "サンプルサイト", ["Culture"] = "ja-JP", ["SupportedCultures"] = new JsonArray("ja-JP") },
                definitions,
                new JsonObject
                {
                    ["name"] = "Content",
                    ["data"] = new JsonArray
                    {
                        Agency(a, AgencyA, "sample-a", $"{server.Http}/moved",
                            ("Webサイト", $"{server.Http}/ok"), ("Webフォーム", $"{server.Http}/missing"), ("SNS", $"{server.Http}/error"), ("チャット", $"{server.Http}/slow")),
                        Agency(b, AgencyB, "sample-b", $"{server.Http}/moved-twice",
                            ("Webサイト", $"{server.Http}/temporary"), ("Webフォーム", $"{server.Http}/head-refused"), ("SNS", $"{server.Http}/loop"), ("チャット", $"{server.Https}/ok")),
                    },
                },
            },
        };
        var file = Path.Combine(app.DataDirectory, "sample-links.recipe.json");
        await File.WriteAllTextAsync(file, recipe.ToJsonString());
        await app.ImportRecipeAsync(file);
        return (a, b);
    }

    private static JsonObject Agency(string id, string title, string path, string website, params (string Kind, string Url)[] channels) => new()
    {
        ["ContentItemId"] = id,
        ["ContentItemVersionId"] = IdGenerator.NewId(),
        ["ContentType"] = "Agency",
        ["DisplayText"] = title,
        ["Latest"] = true,
        ["Published"] = true,
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["Agency"] = new JsonObject
        {
            ["Description"] = new JsonObject { ["Text"] = "リンク確認のテスト用に作った架空の窓口です。" },
            ["Website"] = new JsonObject { ["Url"] = website, ["Text"] = website },
        },
        ["Channels"] = new JsonObject
        {
            ["ContentItems"] = new JsonArray([.. channels.Select(c => (JsonNode)new JsonObject
            {
                ["ContentItemId"] = IdGenerator.NewId(),
                ["ContentItemVersionId"] = IdGenerator.NewId(),
                ["ContentType"] = "Channel",
                ["DisplayText"] = $"{c.Kind} {c.Url}",
                ["Channel"] = new JsonObject
                {
                    ["Kind"] = new JsonObject { ["Text"] = c.Kind },
                    ["Value"] = new JsonObject { ["Text"] = c.Url },
                    ["LastVerified"] = new JsonObject { ["Value"] = null },
                },
            })]),
        },
        ["AutoroutePart"] = new JsonObject { ["Path"] = "agencies/" + path },
        ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = IdGenerator.NewId(), ["Culture"] = "ja-JP" },
    };
}
