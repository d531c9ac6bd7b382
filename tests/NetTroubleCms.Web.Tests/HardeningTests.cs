using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace NetTroubleCms.Web.Tests;

/// <summary>Headers, the site's own address, proxies, HEAD and CSV cells, as an outsider would probe them.</summary>
public sealed class HardeningTests : IDisposable
{
    private readonly CmsApplication _app = new();

    [Theory]
    [InlineData("/", "frame-ancestors 'self'")]
    [InlineData("/agencies/houterasu", "frame-ancestors 'self'")]
    [InlineData("/api/v1/agencies", "frame-ancestors 'self'")]
    [InlineData("/no-such-page", "frame-ancestors 'self'")]
    [InlineData("/theme/site.css", "frame-ancestors 'self'")]
    [InlineData("/admin/login", "frame-ancestors 'none'")]
    [InlineData("/admin", "frame-ancestors 'none'")]
    [InlineData("/api/docs/", "frame-ancestors 'none'")]
    public async Task EveryResponseCarriesTheSecurityHeadersAndNoServerHeader(string url, string frameAncestors)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains(frameAncestors, csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        if (!url.StartsWith("/api/docs", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AdminInlineStylesheetCarriesTheNonceOfItsOwnResponse()
    {
        using var client = _app.CreateClient();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Several responses, so nonces with '+' and '/' (base64) are among them.
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.GetAsync("/admin/login");
            var html = await response.Content.ReadAsStringAsync();
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;

            Assert.NotEmpty(nonce);
            Assert.True(seen.Add(nonce), "a nonce was used twice");
            Assert.Contains($"<style nonce=\"{nonce}\">", html, StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [Theory]
    [InlineData("br, gzip")]
    [InlineData("gzip")]
    [InlineData("")]
    public async Task ApiReferencePageIsReadableTextWithItsNonceWhateverTheClientAccepts(string acceptEncoding)
    {
        // The nonce is written into the page after it is rendered; a compressed body rewritten as text arrives broken.
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/docs/");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request);
        var html = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.NotEmpty(nonce);
        Assert.StartsWith("<!doctype html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value, StringComparison.Ordinal));
        Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicHeadersAreWorkedOutPerSchemeHostAndContentType()
    {
        // Public responses reuse the headers worked out for the first response of the same kind: a plain-HTTP or
        // localhost response after an HTTPS one must still go without HSTS, and JSON must get what HTML gets.
        using var https = _app.CreateClient(new() { BaseAddress = new Uri("https://guide.sample.example") });
        using var plain = _app.CreateClient(new() { BaseAddress = new Uri("http://guide.sample.example") });
        using var local = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        using var first = await https.GetAsync("/");
        using var again = await https.GetAsync("/");
        using var plainPage = await plain.GetAsync("/");
        using var localPage = await local.GetAsync("/");
        using var json = await https.GetAsync("/api/v1/agencies");
        using var admin = await https.GetAsync("/admin/login");

        Assert.True(first.Headers.Contains("Strict-Transport-Security"));
        Assert.True(again.Headers.Contains("Strict-Transport-Security"));
        Assert.True(json.Headers.Contains("Strict-Transport-Security"));
        Assert.False(plainPage.Headers.Contains("Strict-Transport-Security"));
        Assert.False(localPage.Headers.Contains("Strict-Transport-Security"));
        static string Csp(HttpResponseMessage r) => string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(Csp(first), Csp(again));
        Assert.Equal(Csp(first), Csp(json));
        Assert.Equal(Csp(first), Csp(plainPage));
        Assert.Contains("frame-ancestors 'self'", Csp(first), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", json.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(first.Headers.Contains("Permissions-Policy"));
        Assert.Equal("same-origin", first.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        // The admin keeps its own, stricter policy with a nonce per response.
        Assert.Contains("frame-ancestors 'none'", Csp(admin), StringComparison.Ordinal);
        Assert.Equal("DENY", admin.Headers.GetValues("X-Frame-Options").Single());
        using var adminAgain = await https.GetAsync("/admin/login");
        Assert.NotEqual(Csp(admin), Csp(adminAgain));
    }

    [Fact]
    public async Task HstsIsSentOverHttpsOutsideDevelopment()
    {
        // The library leaves HSTS off for localhost, so the request names the public host.
        using var client = _app.CreateClient(new() { BaseAddress = new Uri("https://guide.sample.example") });

        using var response = await client.GetAsync("/");

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    public static TheoryData<string> PagesWithAbsoluteUrls => new()
    {
        "/", "/en", "/easy", "/guide", "/chart", "/agencies", "/agencies/houterasu", "/en/agencies/houterasu", "/print", "/en/print",
        "/guide/trouble", "/sitemap.xml", "/robots.txt", "/no-such-page", "/api/v1/agencies", "/api/v1/guide", "/api/v1/nodes",
        "/api/v1/opendata/hsds.json", "/api/v1/opendata/agencies.csv", "/api/v1/opendata/recipe.json", "/openapi/v1.json", "/api/docs/",
        "/admin/login", "/admin",
    };

    [Theory]
    [MemberData(nameof(PagesWithAbsoluteUrls))]
    public async Task AForgedHostHeaderNeverAppearsInAnyOutput(string url)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil2.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.ToString() + response.Content.Headers;

        Assert.True((int)response.StatusCode < 500, $"{url}: {response.StatusCode}");
        Assert.DoesNotContain("evil", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CanonicalSitemapAndQrUseTheConfiguredPublicAddress()
    {
        using var app = new CmsApplication().With("Cms:PublicBaseUrl", "https://guide.sample.example/");
        using var client = app.CreateClient();

        var home = await client.GetStringAsync("/");
        var sitemap = await client.GetStringAsync("/sitemap.xml");
        var print = await client.GetStringAsync("/print");

        Assert.Contains("<link rel=\"canonical\" href=\"https://guide.sample.example/\"", home, StringComparison.Ordinal);
        Assert.Contains("<loc>https://guide.sample.example/agencies/houterasu</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("https://guide.sample.example/", print, StringComparison.Ordinal);
    }

    [Fact]
    public void StartingWithoutAPublicAddressOutsideDevelopmentFailsWithAClearMessage()
    {
        using var app = new CmsApplication().With("Cms:PublicBaseUrl", "");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Cms:PublicBaseUrl is required", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedHostsIsHonoured()
    {
        using var app = new CmsApplication().With("AllowedHosts", "localhost");
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "evil.example";

        using var forged = await client.SendAsync(request);
        using var genuine = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task ForwardedHeadersAreBelievedOnlyFromAConfiguredProxy()
    {
        // Behind the trusted proxy the reader's address and https reach the app: the sign-in cookie is Secure and the
        // per-address throttle counts the reader, not the proxy.
        using var trusted = new CmsApplication().With("Cms:KnownProxies:0", "10.0.0.2").With("Cms:SignIn:PerIpPermitLimit", "2");
        using var untrusted = new CmsApplication().With("Cms:SignIn:PerIpPermitLimit", "2");

        var (trustedCookieSecure, trustedStatuses) = await ThroughProxyAsync(trusted);
        var (untrustedCookieSecure, untrustedStatuses) = await ThroughProxyAsync(untrusted);

        Assert.True(trustedCookieSecure);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], trustedStatuses);
        Assert.False(untrustedCookieSecure);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], untrustedStatuses);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/agencies/houterasu")]
    [InlineData("/api/v1/agencies")]
    [InlineData("/sitemap.xml")]
    [InlineData("/theme/site.css")]
    [InlineData("/health/live")]
    [InlineData("/admin/login")]
    public async Task HeadAnswersWhereverGetDoesWithTheSameHeadersAndNoBody(string url)
    {
        using var client = _app.CreateClient();

        using var get = await client.GetAsync(url);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var body = await head.Content.ReadAsByteArrayAsync();

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(body);
        if (get.Headers.ETag is not null)
        {
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        }
    }

    [Fact]
    public async Task CsvCellsThatASpreadsheetWouldRunAreNeutralised()
    {
        var hostile = new[] { "=1+1", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)" };
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        var values = new List<KeyValuePair<string, string>>();
        var fields = AdminClient.Fields(page.QuerySelector("main form")!).ToDictionary(f => f.Key, f => f.Value);
        var textFields = fields.Keys.Where(k => k.StartsWith("Agency.", StringComparison.Ordinal) && k.EndsWith(".Text", StringComparison.Ordinal)
            && !k.Contains("Website", StringComparison.Ordinal) && !k.Contains("Badge", StringComparison.Ordinal)).Take(hostile.Length).ToList();
        var changes = textFields.Select((k, i) => (k, hostile[i])).ToDictionary(x => x.k, x => x.Item2);
        changes["TitlePart.Title"] = "=HYPERLINK(\"http://evil.example\")";
        using var saved = await admin.SaveAsync(id, "publish", changes, page);
        using var client = _app.CreateClient();

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/api/v1/opendata/agencies.csv"));
        var cells = Cells(csv);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("'=HYPERLINK(\"http://evil.example\")", cells);
        foreach (var value in changes.Values)
        {
            Assert.DoesNotContain(value, cells);
        }

        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t\r＝＋－＠".Contains(c[0], StringComparison.Ordinal));
    }

    [Fact]
    public void FullWidthFormulaStartsGetAnApostrophe()
    {
        foreach (var value in new[] { "＝1+1", "＋1", "－1", "＠A1" })
        {
            Assert.Equal("'" + value, NetTroubleCms.Web.Features.Api.OpenDataEndpoints.Csv.NeutraliseFullWidth(value));
        }

        Assert.Equal("0570-078374", NetTroubleCms.Web.Features.Api.OpenDataEndpoints.Csv.NeutraliseFullWidth("0570-078374"));
    }

    [Fact]
    public async Task AuthenticationRunsOnlyForRequestsThatCanCarryASignIn()
    {
        var handlers = new CountingHandlerProvider();
        var counted = _app.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            // Scoped like the provider it wraps, which keeps the handlers of one request.
            s.AddScoped<Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider>(sp =>
                handlers.Wrapping(sp.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>()));
        }));
        using var client = counted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        // An anonymous reader: no handler is created, and the page is public as before.
        using (var page = await client.GetAsync("/agencies/houterasu"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.Public);
        }

        Assert.Equal(0, handlers.Created);

        // The admin still challenges an anonymous request with the redirect to its sign-in page.
        using (var admin = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
            Assert.StartsWith("/admin/login", admin.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        // A browser with an (expired or forged) auth cookie is authenticated, and never gets a cacheable answer.
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/agencies/houterasu");
        withCookie.Headers.Add("Cookie", "ntcms.auth=not-a-ticket");
        using var response = await client.SendAsync(withCookie);
        Assert.True(handlers.Created > 0);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
        Assert.Null(response.Headers.ETag);
    }

    public void Dispose() => _app.Dispose();

    private static async Task<(bool CookieSecure, List<HttpStatusCode> Statuses)> ThroughProxyAsync(CmsApplication app)
    {
        var proxied = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ProxyConnection())));
        var statuses = new List<HttpStatusCode>();
        var cookieSecure = false;
        for (var i = 0; i < 4; i++)
        {
            // Four readers behind one proxy, each with its own address.
            using var client = new AdminClient(proxied.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{10 + i}");
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            using var response = await client.TrySignInAsync(i == 0 ? "admin" : "nobody-sample", i == 0 ? CmsApplication.AdminPassword : "wrong-password");
            if (i == 0)
            {
                cookieSecure = response.Headers.TryGetValues("Set-Cookie", out var cookies)
                    && cookies.Any(c => c.StartsWith("ntcms.auth=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
                statuses.Add(response.StatusCode == HttpStatusCode.Redirect ? HttpStatusCode.OK : response.StatusCode);
            }
            else
            {
                statuses.Add(response.StatusCode);
            }
        }

        return (cookieSecure, statuses);
    }

    private static List<string> Cells(string csv) => [.. CsvText.Rows(csv.TrimStart('\uFEFF')).SelectMany(r => r)];

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    /// <summary>Makes every test request arrive from 10.0.0.2, the address of the sample proxy.</summary>
    private sealed class ProxyConnection : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.2");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Counts the authentication handlers the app asks for (one per request that authentication runs for).</summary>
internal sealed class CountingHandlerProvider
{
    private int _created;

    public int Created => Volatile.Read(ref _created);

    public Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider Wrapping(Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes) =>
        new Counting(new Microsoft.AspNetCore.Authentication.AuthenticationHandlerProvider(schemes), this);

    private sealed class Counting(Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider inner, CountingHandlerProvider counter)
        : Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider
    {
        public Task<Microsoft.AspNetCore.Authentication.IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
        {
            Interlocked.Increment(ref counter._created);
            return inner.GetHandlerAsync(context, authenticationScheme);
        }
    }
}
