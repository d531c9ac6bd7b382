using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Links;
using NetTroubleCms.Web.Infrastructure.Storage;
using NetTroubleCms.Web.Tests.Samples;

namespace NetTroubleCms.Web.Tests;

/// <summary>The link checker against a local server that answers 200, 301, 404, 500, slowly, and over broken TLS.</summary>
public sealed class LinkCheckTests : IAsyncLifetime
{
    private SampleLinkServer _server = null!;
    private CmsApplication _app = null!;
    private (string A, string B) _ids;

    public async Task InitializeAsync()
    {
        _server = await SampleLinkServer.StartAsync();
        _app = SampleLinkSite.CreateApp();
        _ = _app.Server;
        _ids = await SampleLinkSite.SeedAsync(_app, _server);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<Dictionary<string, LinkCheckResult>> StoredAsync() =>
        _app.InScopeAsync(async sp => await sp.GetRequiredService<CmsDbContext>().Set<LinkCheckResult>().AsNoTracking().ToDictionaryAsync(r => r.Url));

    [Fact]
    public async Task EveryPublishedUrlIsCheckedAndStoredWithItsVerdict()
    {
        var run = await _app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();

        Assert.Equal(10, run.Checked);
        var stored = await StoredAsync();
        Assert.Equal(10, stored.Count);
        var h = _server.Http;

        Assert.Equal((LinkState.Ok, 200, RedirectKind.None), Verdict(stored[$"{h}/ok"]));
        Assert.Equal((LinkState.Ok, 200, RedirectKind.None), Verdict(stored[$"{h}/head-refused"]));
        Assert.Equal((LinkState.Ok, 200, RedirectKind.Temporary), Verdict(stored[$"{h}/temporary"]));

        Assert.Equal((LinkState.Moved, 200, RedirectKind.Permanent), Verdict(stored[$"{h}/moved"]));
        Assert.Equal($"{h}/new-home", stored[$"{h}/moved"].FinalUrl);
        Assert.Equal(2, stored[$"{h}/moved-twice"].RedirectCount);
        Assert.Equal($"{h}/new-home", stored[$"{h}/moved-twice"].FinalUrl);

        Assert.Equal((LinkState.Broken, 404, LinkError.HttpStatus), (stored[$"{h}/missing"].State, stored[$"{h}/missing"].StatusCode, stored[$"{h}/missing"].Error));
        Assert.Equal((LinkState.Broken, 500, LinkError.HttpStatus), (stored[$"{h}/error"].State, stored[$"{h}/error"].StatusCode, stored[$"{h}/error"].Error));
        Assert.Equal((LinkState.Broken, LinkError.Timeout), (stored[$"{h}/slow"].State, stored[$"{h}/slow"].Error));
        Assert.Equal((LinkState.Broken, LinkError.TooManyRedirects), (stored[$"{h}/loop"].State, stored[$"{h}/loop"].Error));
        var tls = stored[$"{_server.Https}/ok"];
        Assert.Equal((LinkState.Broken, LinkError.Tls), (tls.State, tls.Error));
        Assert.Null(tls.StatusCode);
        Assert.All(stored.Values, r => Assert.True(r.CheckedUtc > DateTime.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task HeadComesFirstAndGetOnlyWhenHeadIsRefused()
    {
        await _app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();

        var ok = _server.Requests.Where(r => r.Path == "/ok").Select(r => r.Method).ToList();
        // /ok is asked for itself and as the end of /temporary's redirect: HEAD both times, never GET.
        Assert.Equal(["HEAD", "HEAD"], ok);
        var refused = _server.Requests.Where(r => r.Path == "/head-refused").Select(r => r.Method).ToList();
        Assert.Equal(["HEAD", "GET"], refused);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedByTheResiliencePipelineButStayBroken()
    {
        await _app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();

        // One retry configured: HEAD twice, then the GET fallback twice.
        Assert.Equal(["HEAD", "HEAD", "GET", "GET"], _server.Requests.Where(r => r.Path == "/error").Select(r => r.Method).ToList());
        // A 404 is an answer, not a transient failure: asked once with each method.
        Assert.Equal(["HEAD", "GET"], _server.Requests.Where(r => r.Path == "/missing").Select(r => r.Method).ToList());
    }

    [Fact]
    public async Task RequestsToOneHostArePaced()
    {
        await using var app = SampleLinkSite.CreateApp().With("Cms:LinkCheck:PerHostIntervalSeconds", "0.2");
        _ = app.Server;
        await using var server = await SampleLinkServer.StartAsync();
        await SampleLinkSite.SeedAsync(app, server);

        await app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();

        // A token bucket of one per 0.2 s: n requests to the host span at least (n - 2) periods.
        var plain = server.Requests.Where(r => r.Path != "/slow").OrderBy(r => r.Timestamp).ToList();
        var span = Stopwatch.GetElapsedTime(plain[0].Timestamp, plain[^1].Timestamp);
        Assert.True(plain.Count > 10, $"{plain.Count} requests");
        Assert.True(span >= TimeSpan.FromSeconds(0.2 * (plain.Count - 2)), $"{plain.Count} requests in {span.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task LinksCheckVerbReportsBrokenLinksWithExitCodeOne()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await LinksCli.RunAsync(_app.Services, ["links", "check"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("checked 10: ok 3, moved 2, broken 5", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await LinksCli.RunAsync(_app.Services, ["links", "nonsense"], output, error));
        Assert.Contains("links check", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardListsBrokenAndMovedLinksAndUseNewAddressOnlyDrafts()
    {
        await _app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();
        using var admin = await AdminClient.SignInAsync(_app);

        var page = await admin.GetPageAsync("/admin");

        var text = page.QuerySelector("main")!.TextContent;
        Assert.Contains("つながらないリンク (5)", text, StringComparison.Ordinal);
        Assert.Contains("移転したリンク (2)", text, StringComparison.Ordinal);
        Assert.Contains($"{_server.Http}/missing", text, StringComparison.Ordinal);
        Assert.Contains("証明書(TLS)の問題", text, StringComparison.Ordinal);
        Assert.Contains("時間切れ", text, StringComparison.Ordinal);
        var forms = page.QuerySelectorAll("form[action*='handler=UseNewAddress']");
        Assert.Equal(2, forms.Length);

        var form = forms.Single(f => f.QuerySelector("input[name=url]")!.GetAttribute("value") == $"{_server.Http}/moved");
        var response = await admin.SubmitAsync(page, form, []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetPageAsync("/admin");
        Assert.Contains("下書きを作成しました", after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var (published, latest) = await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            return (await manager.GetAsync(_ids.A, VersionFilter.Published), await manager.GetAsync(_ids.A, VersionFilter.Latest));
        });
        Assert.Equal($"{_server.Http}/moved", published!.Field("Agency", "Website")!["Url"]!.ToString());
        Assert.False(latest!.Published);
        Assert.Equal($"{_server.Http}/new-home", latest.Field("Agency", "Website")!["Url"]!.ToString());
        Assert.Equal($"{_server.Http}/new-home", latest.Field("Agency", "Website")!["Text"]!.ToString());
    }

    private static (LinkState, int?, RedirectKind) Verdict(LinkCheckResult r) => (r.State, r.StatusCode, r.Redirect);
}
