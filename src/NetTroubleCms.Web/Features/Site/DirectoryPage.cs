using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>One channel kind offered by the directory's filter.</summary>
public sealed record DirectoryKind(ChannelKind Kind, bool Selected)
{
    /// <summary>The kind's key (the query-string value).</summary>
    public string Key => Kind.Key;

    /// <summary>Key of its label in the theme strings.</summary>
    public string LabelKey => Kind.LabelKey;
}

/// <summary>
/// One page of the public agency directory: <c>/agencies?q=…&amp;kind=…&amp;page=…</c>. Plain links and a GET form,
/// so searching and paging work without JavaScript; a page holds at most <see cref="PageSize"/> agencies whatever the total.
/// </summary>
public sealed record DirectoryPage
{
    /// <summary>Agencies per page.</summary>
    public const int PageSize = 50;

    /// <summary>Longest search text taken from the query string.</summary>
    public const int MaxQueryLength = 100;

    /// <summary>The agencies of this page.</summary>
    public required IReadOnlyList<AgencyView> Agencies { get; init; }

    /// <summary>Agencies matching the search and filter.</summary>
    public required int Total { get; init; }

    /// <summary>1-based page number.</summary>
    public required int Page { get; init; }

    /// <summary>Number of pages (at least 1).</summary>
    public required int PageCount { get; init; }

    /// <summary>1-based position of the first agency shown (0 when none).</summary>
    public int First => Total == 0 ? 0 : ((Page - 1) * PageSize) + 1;

    /// <summary>1-based position of the last agency shown.</summary>
    public int Last => Math.Min(Page * PageSize, Total);

    /// <summary>Search text, as typed.</summary>
    public string? Query { get; init; }

    /// <summary>Selected channel kind key, or null.</summary>
    public string? Kind { get; init; }

    /// <summary>The kinds offered by the filter.</summary>
    public required IReadOnlyList<DirectoryKind> Kinds { get; init; }

    /// <summary>The directory URL of this culture (the form's action).</summary>
    public required string Url { get; init; }

    /// <summary>Link to the previous page, or null on the first.</summary>
    public string? PreviousUrl { get; init; }

    /// <summary>Link to the next page, or null on the last.</summary>
    public string? NextUrl { get; init; }

    /// <summary>
    /// True when the page's cards in full would pass the page budget (<see cref="CmsPagingOptions.PageBytes"/>): each card
    /// then links its name to the agency's page, where the whole description is, and shows the description's first 60
    /// columns (a Japanese character is two) instead of a separate "more" link. Names, calls and forms are on every card.
    /// </summary>
    public bool Compact { get; init; }

    /// <summary>The part of the query string that selects a directory page; other parameters do not change it.</summary>
    public static (int Page, string? Query, string? Kind) Read(HttpRequest request)
    {
        var page = int.TryParse(request.Query["page"].ToString(), out var p) && p > 0 ? p : 1;
        var q = request.Query["q"].ToString().Trim();
        q = q.Length == 0 ? null : q.Length > MaxQueryLength ? q[..MaxQueryLength] : q;
        var kind = request.Query["kind"].ToString();
        // An unknown kind is no filter rather than an error page: the form only offers known ones.
        var key = ChannelKinds.Parse(kind, acceptStored: false)?.Key;
        return (page, q, key);
    }

    /// <summary>Filters, counts and slices the guide's agencies; <paramref name="pageBytes"/> is the page budget.</summary>
    public static DirectoryPage Create(GuideModel guide, string url, int page, string? q, string? kind, int pageBytes)
    {
        var matches = guide.Agencies
            .Where(a => kind is null || a.Channels.Any(ch => ch.KindKey == kind))
            .Where(a => string.IsNullOrWhiteSpace(q) || ApiRequest.Matches(q, [a.Title, a.Badge, a.Tagline, a.Description, a.Operator, a.Note, .. a.Channels.SelectMany(ch => new[] { ch.Value, ch.Label })]))
            .ToList();
        var count = Math.Max(1, (matches.Count + PageSize - 1) / PageSize);
        page = Math.Min(page, count);
        List<AgencyView> agencies = [.. matches.Skip((page - 1) * PageSize).Take(PageSize)];
        var english = GuideReader.LangOf(guide.Culture) == "en";
        return new DirectoryPage
        {
            Agencies = agencies,
            Compact = agencies.Sum(a => PageWeights.Card(a, english)) > pageBytes,
            Total = matches.Count,
            Page = page,
            PageCount = count,
            Query = q,
            Kind = kind,
            Kinds = [.. ChannelKinds.Known.Select(k => new DirectoryKind(k, k.Key == kind))],
            Url = url,
            PreviousUrl = page > 1 ? Link(url, q, kind, page - 1) : null,
            NextUrl = page < count ? Link(url, q, kind, page + 1) : null,
        };
    }

    private static string Link(string url, string? q, string? kind, int page)
    {
        var parts = new List<string>();
        if (q is not null)
        {
            parts.Add("q=" + Uri.EscapeDataString(q));
        }

        if (kind is not null)
        {
            parts.Add("kind=" + kind);
        }

        if (page > 1)
        {
            parts.Add("page=" + page);
        }

        return parts.Count == 0 ? url : url + "?" + string.Join('&', parts);
    }
}
