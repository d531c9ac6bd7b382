using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Query parsing shared by the REST endpoints: culture, paging, channel kinds and text search.</summary>
public static class ApiRequest
{
    // Estimated bytes of a list answer besides its items: the page fields and the next link.
    private const int PageFrameBytes = 600;

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

    /// <summary>
    /// One page of <paramref name="items"/>, mapping only that page's items. A page holds at most
    /// <paramref name="pageSize"/> items and at most <paramref name="budget"/> bytes as <paramref name="cost"/> estimates
    /// them (an item bigger than that alone still gets a page: items are never split), so a list of large items keeps
    /// its pages small. The cut depends only on the items in order, so page n is the same slice for every reader; the
    /// whole list is measured (estimates, nothing is mapped) to count the pages.
    /// </summary>
    public static PageResponse<TResult> ToPage<TSource, TResult>(
        IReadOnlyList<TSource> items,
        int page,
        int pageSize,
        long budget,
        Func<TSource, long> cost,
        Func<TSource, TResult> map,
        Func<int, string> href)
    {
        var (start, end, pages) = (items.Count, items.Count, 0);
        var next = 0;
        long pending = 0;
        while (next < items.Count)
        {
            var first = next;
            // The item that closed the previous page opens this one: its cost is carried, not estimated twice.
            var used = PageFrameBytes + (pending > 0 ? pending : cost(items[next]));
            pending = 0;
            next++;
            while (next < items.Count && next - first < pageSize)
            {
                var add = cost(items[next]);
                if (used + add > budget)
                {
                    pending = add;
                    break;
                }

                used += add;
                next++;
            }

            if (++pages == page)
            {
                (start, end) = (first, next);
            }
        }

        pages = Math.Max(pages, 1);
        var slice = new List<TResult>(end - start);
        for (var i = start; i < end; i++)
        {
            slice.Add(map(items[i]));
        }

        return new PageResponse<TResult>(slice, items.Count, page, pageSize) { PageCount = pages, Next = page < pages ? href(page + 1) : null };
    }

    /// <summary>
    /// The URL of page <paramref name="page"/> of a list with the given filters (empty ones left out). Built from the
    /// validated values, not copied from the request, because the answer that holds it is kept for every reader.
    /// </summary>
    public static string PageHref(string path, int page, params IEnumerable<(string Name, string? Value)> query) =>
        QueryHelpers.AddQueryString(path, [
            .. query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)),
            new KeyValuePair<string, string?>("page", page.ToString(CultureInfo.InvariantCulture)),
        ]);

    /// <summary>The <c>pageSize</c> to repeat in links: none when the caller used the default.</summary>
    public static string? PageSizeParameter(int size, ApiOptions options) =>
        size == options.DefaultPageSize ? null : size.ToString(CultureInfo.InvariantCulture);

    /// <summary>The size budgets of list pages (<c>Cms:Paging</c>).</summary>
    public static CmsPagingOptions Paging(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.Paging;

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
