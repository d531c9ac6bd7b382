using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>A browser-like client for the admin: keeps cookies, reads forms (with their antiforgery token) and posts them.</summary>
public sealed class AdminClient(HttpClient http) : IDisposable
{
    /// <summary>The underlying client (no automatic redirects).</summary>
    public HttpClient Http { get; } = http;

    /// <summary>A client that is not signed in.</summary>
    public static AdminClient Anonymous(CmsApplication app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs in; fails the test when the sign-in is refused.</summary>
    public static async Task<AdminClient> SignInAsync(CmsApplication app, string userName = "admin", string password = CmsApplication.AdminPassword)
    {
        var client = Anonymous(app);
        var response = await client.TrySignInAsync(userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {userName} failed: {response.StatusCode}");
        return client;
    }

    /// <summary>Posts the sign-in form.</summary>
    public async Task<HttpResponseMessage> TrySignInAsync(string userName, string password)
    {
        var page = await GetPageAsync("/admin/login");
        return await SubmitAsync(page, "main form", new() { ["UserName"] = userName, ["Password"] = password });
    }

    /// <summary>Creates a user with one role (through Identity, as the setup does).</summary>
    public static async Task<string> CreateUserAsync(CmsApplication app, string userName, string role, string password = "Strong-Pass-1234!")
    {
        return await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<CmsUser>>();
            var user = new CmsUser { UserName = userName, EmailConfirmed = true };
            var result = await users.CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            return user.Id;
        });
    }

    /// <summary>GET a page and parse it; asserts 200.</summary>
    public async Task<IHtmlDocument> GetPageAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode} {response.Headers.Location}\n{body[..Math.Min(body.Length, 2000)]}");
        return await ParseAsync(body, url);
    }

    /// <summary>Parses HTML served at <paramref name="url"/> (so forms without an action post back to it).</summary>
    public static async Task<IHtmlDocument> ParseAsync(string html, string url) =>
        (IHtmlDocument)await BrowsingContext.New().OpenAsync(r => r.Content(html).Address("http://localhost" + url));

    /// <summary>Submits a form of <paramref name="page"/> the way a browser would, with <paramref name="values"/> overriding fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string formSelector, Dictionary<string, string> values, string? action = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form {formSelector}");
        return await SubmitAsync(page, form, values, action, extra);
    }

    /// <summary>Submits <paramref name="form"/> of <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, IElement form, Dictionary<string, string> values, string? action = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var fields = Fields(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        if (extra is not null)
        {
            fields.AddRange(extra);
        }

        var target = action ?? form.GetAttribute("action") ?? "";
        if (string.IsNullOrEmpty(target))
        {
            target = new Uri(page.Url).PathAndQuery;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(target, content);
    }

    /// <summary>The fields a browser would send for a form (buttons excluded).</summary>
    public static List<KeyValuePair<string, string>> Fields(IElement form)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.HasAttribute("checked"))
                    {
                        result.Add(new(name, input.GetAttribute("value") ?? "on"));
                    }

                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input:
                    result.Add(new(name, input.GetAttribute("value") ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    result.Add(new(name, area.TextContent.StartsWith('\n') ? area.TextContent[1..] : area.TextContent));
                    break;
                case IHtmlSelectElement select:
                    var option = select.QuerySelectorAll("option").FirstOrDefault(o => o.HasAttribute("selected")) ?? select.QuerySelector("option");
                    if (option is not null)
                    {
                        result.Add(new(name, option.GetAttribute("value") ?? option.TextContent));
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>Posts the editor form with changed fields and a command (save, publish, schedule).</summary>
    public async Task<HttpResponseMessage> SaveAsync(string contentItemId, string command, Dictionary<string, string> changes, IHtmlDocument? page = null)
    {
        page ??= await GetPageAsync($"/admin/contents/{contentItemId}/edit");
        return await SubmitAsync(page, "main form", changes, extra: [new("command", command)]);
    }

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();
}

/// <summary>Finds seeded items for admin tests.</summary>
public static class AdminData
{
    /// <summary>Id of the item published at <paramref name="path"/>.</summary>
    public static Task<string> IdByPathAsync(CmsApplication app, string path) => app.InScopeAsync(async sp =>
    {
        var store = sp.GetRequiredService<NetTroubleCms.Content.Storage.IContentStore>();
        var (rows, _) = await store.QueryAsync(new NetTroubleCms.Content.Storage.ContentQuery { Versions = NetTroubleCms.Content.Storage.VersionFilter.Published });
        return rows.Single(r => r.Path == path).ContentItemId;
    });

    /// <summary>Name of the input currently holding <paramref name="value"/> in the editor.</summary>
    public static string InputHolding(AngleSharp.Html.Dom.IHtmlDocument page, string value) =>
        page.QuerySelectorAll("main form input").First(i => i.GetAttribute("value") == value).GetAttribute("name")!;
}
