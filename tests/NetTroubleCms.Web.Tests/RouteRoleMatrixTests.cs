using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Every endpoint the app maps, discovered from the endpoint data source, requested by every kind of visitor.
/// A route without an entry in <see cref="Expected"/> fails the test, so a new page or API cannot ship unreviewed.
/// </summary>
public sealed class RouteRoleMatrixTests : IDisposable
{
    // Visitors, in the order of the expectation strings below.
    private static readonly string[] Visitors = ["anonymous", "Contributor", "Author (owner)", "Author (other)", "Editor", "Administrator"];

    /// <summary>
    /// Route pattern (and method) → expected outcome per visitor: A = answered (2xx, 304, 404 or a redirect elsewhere),
    /// L = sent to sign in, D = refused (403 or sent to /admin/denied). Item routes use a draft owned by "Author (owner)".
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        // Public site, API, documents and probes: the same for everyone.
        ["GET /"] = "AAAAAA",
        ["GET /{**path}"] = "AAAAAA",
        ["GET /sitemap.xml"] = "AAAAAA",
        ["GET /sitemap-{page:int}.xml"] = "AAAAAA",
        ["GET /robots.txt"] = "AAAAAA",
        ["* /health/live"] = "AAAAAA",
        ["* /health/ready"] = "AAAAAA",
        ["GET /api/v1/agencies/"] = "AAAAAA",
        ["GET /api/v1/agencies/{**idOrPath}"] = "AAAAAA",
        ["GET /api/v1/channels/"] = "AAAAAA",
        ["GET /api/v1/guide/"] = "AAAAAA",
        ["GET /api/v1/guide/situations/{**key}"] = "AAAAAA",
        ["GET /api/v1/nodes/"] = "AAAAAA",
        ["GET /api/v1/nodes/{**idOrPath}"] = "AAAAAA",
        ["GET /api/v1/opendata/hsds.json"] = "AAAAAA",
        ["GET /api/hsds/v3/"] = "AAAAAA",
        ["GET /api/hsds/v3/services"] = "AAAAAA",
        ["GET /api/hsds/v3/services/{id}"] = "AAAAAA",
        ["GET /api/hsds/v3/organizations"] = "AAAAAA",
        ["GET /api/hsds/v3/organizations/{id}"] = "AAAAAA",
        ["GET /api/hsds/v3/service_at_locations"] = "AAAAAA",
        ["GET /api/hsds/v3/service_at_locations/{id}"] = "AAAAAA",
        ["GET /api/v1/opendata/agencies.csv"] = "AAAAAA",
        ["GET /api/v1/opendata/channels.csv"] = "AAAAAA",
        ["GET /api/v1/opendata/recipe.json"] = "AAAAAA",
        ["GET /api/content/{contentItemId}"] = "AAAAAA",
        ["GET /api/graphql/"] = "AAAAAA",
        ["POST /api/graphql/"] = "AAAAAA",
        ["GET /openapi/{documentName}.json"] = "AAAAAA",
        ["GET /api/docs/{documentName?}"] = "AAAAAA",
        ["GET /api/docs/scalar.js"] = "AAAAAA",
        ["GET /api/docs/scalar.aspnetcore.js"] = "AAAAAA",
        ["GET /api/docs/favicon.svg"] = "AAAAAA",
        ["GET /media/{**path}"] = "AAAAAA",

        // Sign-in pages are open; the second step without a checked password goes back to the first.
        ["* /admin/login"] = "AAAAAA",
        ["* /admin/login/two-factor"] = "LLLLLL",
        ["* /admin/logout"] = "AAAAAA",
        ["* /admin/culture"] = "AAAAAA",
        ["* /admin/denied"] = "DDDDDD",

        // Every role may enter the admin, list content, start a new item, see the tree and its own account.
        ["* /admin"] = "LAAAAA",
        ["* /admin/contents"] = "LAAAAA",
        ["* /admin/contents/new/{type}"] = "LAAAAA",
        ["* /admin/tree"] = "LAAAAA",
        ["* /admin/account"] = "LAAAAA",
        ["* /admin/account/two-factor"] = "LAAAAA",

        // One item: its owner (an Author) and the editors may, a Contributor or another Author may not.
        ["* /admin/contents/{id}/edit"] = "LDADAA",
        ["* /admin/contents/{id}/history"] = "LDADAA",
        ["* /admin/contents/{id}/preview"] = "LDADAA",
        ["* /admin/contents/{id}/delete"] = "LDADAA",

        // The media library: editors and administrators (ManageMediaContent), as Orchard's stereotypes grant it.
        ["* /admin/media"] = "LDDDAA",

        // Administration: administrators only.
        ["* /admin/audit"] = "LDDDDA",
        ["* /admin/audit/{id:long}"] = "LDDDDA",
        ["* /admin/recipes"] = "LDDDDA",
        ["* /admin/editions"] = "LDDDAA",
        ["* /admin/users"] = "LDDDDA",
        ["* /admin/users/{id}"] = "LDDDDA",
        ["* /admin/roles/{name?}"] = "LDDDDA",
    };

    private readonly CmsApplication _app = new CmsApplication().With("Cms:SignIn:PerIpPermitLimit", "1000");

    [Fact]
    public async Task EveryRouteAnswersEveryVisitorAsExpected()
    {
        using var anonymous = AdminClient.Anonymous(_app);
        var routes = Discover();
        var unknown = routes.Where(r => !Expected.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        var vanished = Expected.Keys.Where(k => routes.All(r => r.Key != k)).ToList();
        Assert.True(unknown.Count == 0, "Routes without an expected entry (add them to Expected):\n" + string.Join("\n", unknown));
        Assert.True(vanished.Count == 0, "Expected routes that no longer exist:\n" + string.Join("\n", vanished));

        await AdminClient.CreateUserAsync(_app, "contributor-sample", "Contributor");
        await AdminClient.CreateUserAsync(_app, "author-owner-sample", "Author");
        await AdminClient.CreateUserAsync(_app, "author-other-sample", "Author");
        await AdminClient.CreateUserAsync(_app, "editor-sample", "Editor");
        using var contributor = await AdminClient.SignInAsync(_app, "contributor-sample", "Strong-Pass-1234!");
        using var owner = await AdminClient.SignInAsync(_app, "author-owner-sample", "Strong-Pass-1234!");
        using var other = await AdminClient.SignInAsync(_app, "author-other-sample", "Strong-Pass-1234!");
        using var editor = await AdminClient.SignInAsync(_app, "editor-sample", "Strong-Pass-1234!");
        using var admin = await AdminClient.SignInAsync(_app);
        var clients = new[] { anonymous, contributor, owner, other, editor, admin };

        var create = await owner.GetPageAsync("/admin/contents/new/Agency");
        using var draft = await owner.SubmitAsync(create, "main form", new() { ["TitlePart.Title"] = "所有者確認用のサンプル機関" }, extra: [new("command", "save")]);
        var ownedId = draft.Headers.Location!.OriginalString.Split('/')[3];
        var houterasu = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var adminId = await _app.InScopeAsync(async sp => (await sp.GetRequiredService<UserManager<CmsUser>>().FindByNameAsync("admin"))!.Id);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = "agencies/houterasu",
            ["idOrPath"] = "houterasu",
            ["contentItemId"] = houterasu,
            ["documentName"] = "v1",
            ["type"] = "Agency",
            ["name"] = "Editor",
            ["page"] = "1",
        };

        var failures = new StringBuilder();
        var cases = 0;
        foreach (var route in routes)
        {
            var url = Url(route.Pattern, values, route.Pattern.StartsWith("/admin/users", StringComparison.Ordinal) ? adminId
                : route.Pattern.StartsWith("/admin/audit", StringComparison.Ordinal) ? "1" : ownedId);
            for (var v = 0; v < Visitors.Length; v++)
            {
                cases++;
                var outcome = await OutcomeAsync(clients[v].Http, route.Method, url);
                if (outcome != Expected[route.Key][v])
                {
                    failures.AppendLine($"{route.Key} ({url}) as {Visitors[v]}: expected {Expected[route.Key][v]}, got {outcome}");
                }
            }
        }

        Assert.True(failures.Length == 0, $"{cases} cases over {routes.Count} routes × {Visitors.Length} visitors:\n{failures}");
        Assert.True(routes.Count >= 40, $"only {routes.Count} routes discovered");
    }

    public void Dispose() => _app.Dispose();

    private List<(string Key, string Method, string Pattern)> Discover()
    {
        var source = _app.Services.GetRequiredService<EndpointDataSource>();
        var result = new List<(string, string, string)>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0)
            {
                result.Add(($"* {pattern}", "GET", pattern));
                continue;
            }

            foreach (var method in methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
            {
                result.Add(($"{method} {pattern}", method, pattern));
            }
        }

        return [.. result.DistinctBy(r => r.Item1)];
    }

    private static string Url(string pattern, Dictionary<string, string> values, string id)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*{0,2}([A-Za-z]+)[^}]*\}", m =>
            m.Groups[1].Value == "id" ? id : values.GetValueOrDefault(m.Groups[1].Value, ""));
        return url.Length > 1 ? url.TrimEnd('/') + (pattern.EndsWith('/') ? "/" : "") : url;
    }

    private static async Task<char> OutcomeAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Forbidden => 'D',
            HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther when location.StartsWith("/admin/denied", StringComparison.Ordinal) => 'D',
            HttpStatusCode.Redirect or HttpStatusCode.SeeOther when location.StartsWith("/admin/login", StringComparison.Ordinal) => 'L',
            >= HttpStatusCode.InternalServerError => 'E',
            _ => 'A',
        };
    }
}
