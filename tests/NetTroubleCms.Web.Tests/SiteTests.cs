using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NetTroubleCms.Web.Tests;

public sealed class SiteTests : IDisposable
{
    private static readonly JsonObject Recipe = (JsonObject)JsonNode.Parse(
        File.ReadAllText(Path.Combine(CmsApplication.RepositoryRoot, "recipes", "net-trouble-guide.recipe.json")))!;

    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    private static IEnumerable<JsonObject> SeedItems(string type, string culture = "ja-JP") =>
        Recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>())
            .Where(i => i["ContentType"]!.ToString() == type && i["LocalizationPart"]?["Culture"]?.ToString() == culture);

    // The home page is now a short start (situations as big choices); the whole leaflet lives on the chart page.
    [Fact]
    public async Task ChartPageListsEveryAgencyWithBadgeWebsiteAndPhone()
    {
        var client = _app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/chart");

        Assert.Equal(HttpStatusCode.OK, status);
        var agencies = SeedItems("Agency").ToList();
        Assert.Equal(8, agencies.Count);
        foreach (var agency in agencies)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(agency["DisplayText"]!.ToString()), html, StringComparison.Ordinal);
            if (agency["Agency"]?["Badge"]?["Text"]?.ToString() is { } badge)
            {
                Assert.Contains(badge, html, StringComparison.Ordinal);
            }

            Assert.Contains($"href=\"{agency["Agency"]!["Website"]!["Url"]}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"tel:0570078374\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:0570003110\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:110\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:%239110\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChartPageShowsEverySituationOfTheDecisionTree()
    {
        var client = _app.CreateClient();

        var (_, html) = await client.GetStringWithStatusAsync("/chart");

        var nodes = SeedItems("DecisionNode").ToList();
        Assert.Equal(13, nodes.Count);
        foreach (var node in nodes)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(node["DisplayText"]!.ToString()), html, StringComparison.Ordinal);
        }

        Assert.Contains("弁護士 または", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgencyPageIsServedAtItsAutoroutePath()
    {
        var client = _app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/agencies/jinken");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>人権相談</h1>", html, StringComparison.Ordinal);
        Assert.Contains("削除要請・助言", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:0570003110\"", html, StringComparison.Ordinal);
        Assert.Contains("ナビダイヤル", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPathIsAReadable404()
    {
        var client = _app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/agencies/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("ページが見つかりません", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthEndpointsAnswer()
    {
        var client = _app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

public sealed class SiteCachingTests : IDisposable
{
    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task PublicPagesAnswer304ToTheirOwnETagAndNewOnesAfterPublish()
    {
        var client = _app.CreateClient();
        var first = await client.GetAsync("/agencies/jinken");
        var etag = first.Headers.ETag!;

        using var repeat = new HttpRequestMessage(HttpMethod.Get, "/agencies/jinken");
        repeat.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(repeat);
        await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<NetTroubleCms.Content.Management.ContentManager>();
            var item = (await manager.GetAsync("cnc5jawtfv0ss958ddj6wbzqtx", NetTroubleCms.Content.Storage.VersionFilter.Latest))!;
            item.Part("Agency")!["Badge"] = new System.Text.Json.Nodes.JsonObject { ["Text"] = "削除要請と助言" };
            return await manager.SaveAndPublishAsync(item, item.ContentItemVersionId);
        });
        using var afterPublish = new HttpRequestMessage(HttpMethod.Get, "/agencies/jinken");
        afterPublish.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(afterPublish);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(etag.IsWeak is false);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("削除要請と助言", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class DataProtectionTests : IDisposable
{
    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task DataProtectionKeysAreStoredInTheDatabaseSoEveryInstanceSharesThem()
    {
        _app.CreateClient();

        var (protectedText, keys) = await _app.InScopeAsync<(string, int)>(async sp =>
        {
            var protector = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            var text = protector.Protect("sign-in");
            var db = sp.GetRequiredService<NetTroubleCms.Web.Infrastructure.Storage.CmsDbContext>();
            return (text, await db.DataProtectionKeys.CountAsync());
        });

        Assert.True(keys >= 1);
        // The folder holds only the certificate that encrypts the ring, never key files.
        var folder = Path.Combine(_app.DataDirectory, "keys");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*.xml") : []);
        Assert.NotEqual("sign-in", protectedText);
    }
}
