using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Query parsing shared by the REST endpoints: culture, paging, channel kinds and text search.</summary>
public static class ApiRequest
{
    /// <summary>
    /// The culture to show: the <c>culture</c> parameter when given (it must be one we offer), else the first
    /// supported language of <c>Accept-Language</c>, else ja-JP.
    /// </summary>
    public static bool TryResolveCulture(string? requested, HttpRequest request, out string culture, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!string.IsNullOrEmpty(requested))
        {
            culture = GuideReader.Cultures.FirstOrDefault(c => string.Equals(c, requested, StringComparison.OrdinalIgnoreCase)) ?? "";
            if (culture.Length == 0)
            {
                errors["culture"] = [$"Unknown culture '{requested}'. Use one of: {string.Join(", ", GuideReader.Cultures)}."];
                return false;
            }

            return true;
        }

        culture = FromAcceptLanguage(request) ?? GuideReader.DefaultCulture;
        return true;
    }

    /// <summary>Validates 1-based paging against the configured maximum.</summary>
    public static bool TryPaging(int? page, int? pageSize, ApiOptions options, Dictionary<string, string[]> errors, out int p, out int size)
    {
        p = page ?? 1;
        size = pageSize ?? options.DefaultPageSize;
        if (p < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (size < 1 || size > options.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {options.MaxPageSize}."];
        }

        return errors.Count == 0;
    }

    /// <summary>Validates a channel kind key (or the stored Japanese kind) and returns its key.</summary>
    public static bool TryKind(string? kind, Dictionary<string, string[]> errors, out string? key)
    {
        key = null;
        if (string.IsNullOrEmpty(kind))
        {
            return true;
        }

        if (ChannelKinds.Parse(kind) is { } known)
        {
            key = known.Key;
            return true;
        }

        errors["kind"] = [$"Unknown channel kind '{kind}'. Use one of: {string.Join(", ", ChannelKinds.Known.Select(k => k.Key))}."];
        return false;
    }

    /// <summary>
    /// Text search: true when any of <paramref name="texts"/> contains <paramref name="q"/>, ignoring case, full/half
    /// width and hiragana/katakana, so 「ｗｅｂ」 finds "Web" and 「ほうてらす」 finds 「ホウテラス」.
    /// </summary>
    public static bool Matches(string? q, params IEnumerable<string?> texts)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return true;
        }

        var compare = CultureInfo.GetCultureInfo("ja-JP").CompareInfo;
        const CompareOptions options = CompareOptions.IgnoreCase | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType;
        return texts.Any(t => t is not null && compare.IndexOf(t, q.Trim(), options) >= 0);
    }

    /// <summary>Slices one page out of <paramref name="items"/>.</summary>
    public static PageResponse<T> ToPage<T>(IReadOnlyList<T> items, int page, int pageSize) =>
        new([.. items.Skip((page - 1) * pageSize).Take(pageSize)], items.Count, page, pageSize);

    /// <summary>
    /// Slices one page out of <paramref name="items"/> and maps only that page: the cost of a page does not grow with
    /// the total, however many items the filters let through.
    /// </summary>
    public static PageResponse<TResult> ToPage<TSource, TResult>(IReadOnlyList<TSource> items, int page, int pageSize, Func<TSource, TResult> map) =>
        new([.. items.Skip((page - 1) * pageSize).Take(pageSize).Select(map)], items.Count, page, pageSize);

    /// <summary>The snapshot and guide model for a culture, read once per request.</summary>
    public static async ValueTask<(PublishedSnapshot Snapshot, GuideModel Guide)> GuideAsync(HttpContext http, string culture)
    {
        var snapshot = await http.GetPublishedSnapshotAsync();
        http.Response.Headers.ContentLanguage = culture;
        return (snapshot, GuideReader.For(snapshot, culture));
    }

    /// <summary>The configured API options.</summary>
    public static ApiOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

    private static string? FromAcceptLanguage(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages))
        {
            return null;
        }

        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            var match = tag.ToLowerInvariant() switch
            {
                "ja-x-easy" => "ja-x-easy",
                var t when t == "en" || t.StartsWith("en-", StringComparison.Ordinal) => "en",
                var t when t == "ja" || t.StartsWith("ja-", StringComparison.Ordinal) => GuideReader.DefaultCulture,
                _ => null,
            };
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }
}
