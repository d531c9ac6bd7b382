using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Tests;

namespace NetTroubleCms.BrowserTests;

/// <summary>
/// Every page of a running site a reader or an editor can open: the public pages found by following links from the
/// start pages of each language (so a new page type is covered once something links to it), and the admin pages
/// (dashboard, lists, and per content type the editor, history and preview of one item).
/// </summary>
public static partial class SitePages
{
    private static readonly string[] Starts =
    [
        "/", "/en", "/easy", "/guide", "/en/guide", "/easy/guide", "/chart", "/en/chart", "/easy/chart",
        "/agencies", "/en/agencies", "/easy/agencies", "/print", "/en/print", "/easy/print",
    ];

    private static readonly string[] NotPages = ["/api", "/openapi", "/media", "/admin", "/health", "/sitemap.xml", "/robots.txt", "/favicon"];

    /// <summary>
    /// Public pages: the start pages plus every same-site page they link to, transitively (paths without query), and
    /// of those at most <paramref name="perKind"/> of each kind — a kind is the language, the first path segment, the
    /// depth and whether the page is a result — so each page type is opened without opening all of its pages.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PublicAsync(string baseUrl, int perKind = 2)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var found = new List<string>();
        var seen = new HashSet<string>(Starts, StringComparer.Ordinal);
        var queue = new Queue<string>(Starts);
        while (queue.Count > 0 && found.Count < 400)
        {
            var path = queue.Dequeue();
            using var response = await http.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var language = segments.FirstOrDefault() is "en" or "easy" ? segments[0] : "ja";
            var rest = language == "ja" ? segments : segments[1..];
            var kind = $"{language} {rest.FirstOrDefault()} {rest.Length} {html.Contains("id=\"result-heading\"", StringComparison.Ordinal)}";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (kinds[kind] <= perKind)
            {
                found.Add(path);
            }

            foreach (Match m in Href().Matches(html))
            {
                var href = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                href = href.Split('#', '?')[0];
                if (href.Length > 0 && !NotPages.Any(n => href.StartsWith(n, StringComparison.Ordinal)) && seen.Add(href))
                {
                    queue.Enqueue(href);
                }
            }
        }

        return found;
    }

    /// <summary>Admin pages: dashboard, lists (all and per type), tree, audit, and for one item of each type its editor, history and preview.</summary>
    public static Task<IReadOnlyList<string>> AdminAsync(CmsApplication app) => app.InScopeAsync<IReadOnlyList<string>>(async sp =>
    {
        var defs = await sp.GetRequiredService<ContentDefinitionManager>().LoadAsync();
        var store = sp.GetRequiredService<IContentStore>();
        var pages = new List<string> { "/admin", "/admin/contents", "/admin/tree", "/admin/audit", "/admin/editions", "/admin/recipes", "/admin/media", "/admin/users", "/admin/roles", "/admin/account" };
        foreach (var type in defs.ContentTypes)
        {
            pages.Add("/admin/contents?type=" + Uri.EscapeDataString(type.Name));
            var (rows, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [type.Name], Take = 1 });
            foreach (var row in rows)
            {
                pages.Add($"/admin/contents/{row.ContentItemId}/edit");
                pages.Add($"/admin/contents/{row.ContentItemId}/history");
                pages.Add($"/admin/contents/{row.ContentItemId}/preview");
            }
        }

        return pages;
    });

    /// <summary>Signs in as the seeded administrator in <paramref name="page"/>'s context.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/admin/login");
        await page.GetByLabel("ユーザー名").FillAsync("admin");
        await page.GetByLabel("パスワード").FillAsync(CmsApplication.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ダッシュボード");
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
