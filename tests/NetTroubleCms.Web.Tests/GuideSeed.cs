using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetTroubleCms.Web.Tests;

/// <summary>The leaflet recipe as data, and small HTML helpers for the public-site tests.</summary>
public static partial class GuideSeed
{
    /// <summary>The seed recipe.</summary>
    public static JsonObject Recipe { get; } = (JsonObject)JsonNode.Parse(
        File.ReadAllText(Path.Combine(CmsApplication.RepositoryRoot, "recipes", "net-trouble-guide.recipe.json")))!;

    /// <summary>Seed items of a type in a culture.</summary>
    public static IReadOnlyList<JsonObject> Items(string type, string culture = "ja-JP") =>
    [
        .. Recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>())
            .Where(i => i["ContentType"]!.ToString() == type && i["LocalizationPart"]?["Culture"]?.ToString() == culture),
    ];

    /// <summary>The seed item at an AutoroutePart path.</summary>
    public static JsonObject ByPath(string path) =>
        Recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>())
            .Single(i => i["AutoroutePart"]?["Path"]?.ToString() == path);

    /// <summary>Text as it appears in our HTML.</summary>
    public static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Every <c>href</c> in the page, decoded.</summary>
    public static IReadOnlyList<string> Links(string html) => [.. HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The first <c>href</c> of an element with <paramref name="cssClass"/> whose text contains <paramref name="text"/>.</summary>
    public static string? LinkWithText(string html, string text)
    {
        foreach (Match m in AnchorPattern().Matches(html))
        {
            if (WebUtility.HtmlDecode(TagPattern().Replace(m.Groups[2].Value, "")).Contains(text, StringComparison.Ordinal))
            {
                return WebUtility.HtmlDecode(m.Groups[1].Value);
            }
        }

        return null;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("<a [^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", RegexOptions.Singleline)]
    private static partial Regex AnchorPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
