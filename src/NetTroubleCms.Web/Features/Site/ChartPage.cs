using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>
/// A node on a chart page, nested like the tree. <see cref="IsContext"/> marks an ancestor repeated at the top of a page
/// that continues a branch: it is shown as a link to where the branch comes from, without its agencies (they are on the
/// page where the node itself is).
/// </summary>
public sealed class ChartItem(NodeView node, bool isContext)
{
    /// <summary>The node.</summary>
    public NodeView Node { get; } = node;

    /// <summary>True for an ancestor repeated from an earlier page.</summary>
    public bool IsContext { get; } = isContext;

    /// <summary>Child items on this page.</summary>
    public List<ChartItem> Children { get; } = [];
}

/// <summary>One entry situation as the chart index lists it.</summary>
public sealed record ChartSituationLink(ChartSituation Situation, string Url)
{
    /// <summary>The entry node.</summary>
    public NodeView Node => Situation.Node;

    /// <summary>Nodes in the situation's branch.</summary>
    public int NodeCount => Situation.NodeCount;
}

/// <summary>
/// The chart of a guide too big for one page: <c>/chart</c> lists the entry situations (<c>?page=</c> when there are more
/// than <see cref="ChartLayout.SituationsPerPage"/>), <c>/chart/{situation}</c> shows one branch, <c>?page=</c> when it
/// needs more than one page. Plain links only, so it works without script.
/// </summary>
public sealed record ChartPage
{
    /// <summary>The index page's situations (empty on a situation page).</summary>
    public IReadOnlyList<ChartSituationLink> Situations { get; init; } = [];

    /// <summary>The situation shown (null on the index).</summary>
    public ChartSituation? Situation { get; init; }

    /// <summary>The page's tree: the situation, or its ancestors as context when the page continues a branch.</summary>
    public IReadOnlyList<ChartItem> Roots { get; init; } = [];

    /// <summary>1-based page number.</summary>
    public required int Page { get; init; }

    /// <summary>Number of pages (at least 1).</summary>
    public required int PageCount { get; init; }

    /// <summary>Items (situations on the index, nodes on a situation page) across all pages.</summary>
    public required int Total { get; init; }

    /// <summary>1-based position of the first item shown.</summary>
    public required int First { get; init; }

    /// <summary>1-based position of the last item shown.</summary>
    public required int Last { get; init; }

    /// <summary>URL of the index (<c>/chart</c> in the page's culture).</summary>
    public required string IndexUrl { get; init; }

    /// <summary>URL of this page without <c>?page=</c>.</summary>
    public required string Url { get; init; }

    /// <summary>URL of this page as shown (with <c>?page=</c> past the first).</summary>
    public string PageUrl => PageLink(Url, Page);

    /// <summary>Link to the previous page, or null on the first.</summary>
    public string? PreviousUrl => Page > 1 ? PageLink(Url, Page - 1) : null;

    /// <summary>Link to the next page, or null on the last.</summary>
    public string? NextUrl => Page < PageCount ? PageLink(Url, Page + 1) : null;

    /// <summary>True when a node or agency shown is a Japanese fallback for a missing translation.</summary>
    public bool HasFallback { get; init; }

    /// <summary>The <c>page</c> query value (1 when missing or not a positive number).</summary>
    public static int ReadPage(HttpRequest request) =>
        int.TryParse(request.Query["page"].ToString(), out var p) && p > 0 ? p : 1;

    /// <summary>The URL of a situation's chart in a culture.</summary>
    public static string SituationUrl(string culture, ChartSituation situation) => SiteSeo.FixedUrl(culture, "chart") + "/" + situation.Key;

    /// <summary>Index page <paramref name="page"/> (clamped to the last).</summary>
    public static ChartPage Index(ChartLayout layout, string culture, int page)
    {
        page = Math.Clamp(page, 1, layout.IndexPageCount);
        var situations = layout.IndexPage(page);
        var first = ((page - 1) * ChartLayout.SituationsPerPage) + 1;
        var url = SiteSeo.FixedUrl(culture, "chart");
        return new ChartPage
        {
            Situations = [.. situations.Select(s => new ChartSituationLink(s, SituationUrl(culture, s)))],
            Page = page,
            PageCount = layout.IndexPageCount,
            Total = layout.Situations.Count,
            First = situations.Count == 0 ? 0 : first,
            Last = first + situations.Count - 1,
            IndexUrl = url,
            Url = url,
            HasFallback = situations.Any(s => s.Node.IsFallback),
        };
    }

    /// <summary>Page <paramref name="page"/> (clamped to the last) of one situation's chart.</summary>
    public static ChartPage Of(ChartSituation situation, string culture, int page)
    {
        page = Math.Clamp(page, 1, situation.PageCount);
        var (start, end) = situation.Page(page);
        var items = new Dictionary<int, ChartItem>();
        ChartItem? root = null;
        // The rows before this page that the page's rows hang from are exactly the first row's ancestors (pre-order).
        foreach (var row in situation.Ancestors(start).Select(a => (Index: a, Context: true)).Concat(Enumerable.Range(start, end - start).Select(r => (Index: r, Context: false))))
        {
            var node = situation.Rows[row.Index];
            var item = new ChartItem(node.Node, row.Context);
            items[row.Index] = item;
            if (node.Parent < 0)
            {
                root = item;
            }
            else
            {
                items[node.Parent].Children.Add(item);
            }
        }

        var shown = Enumerable.Range(start, end - start).Select(r => situation.Rows[r].Node).ToList();
        return new ChartPage
        {
            Situation = situation,
            Roots = root is null ? [] : [root],
            Page = page,
            PageCount = situation.PageCount,
            Total = situation.NodeCount,
            First = start + 1,
            Last = end,
            IndexUrl = SiteSeo.FixedUrl(culture, "chart"),
            Url = SituationUrl(culture, situation),
            HasFallback = shown.Any(n => n.IsFallback || n.Agencies.Any(a => a.IsFallback)),
        };
    }

    private static string PageLink(string url, int page) => page > 1 ? $"{url}?page={page}" : url;
}
