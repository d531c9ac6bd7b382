using System.Runtime.CompilerServices;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Guide;

/// <summary>One node of a situation's tree in reading order (pre-order), with the row of its parent (-1 for the situation).</summary>
public sealed record ChartRow(TreeEntry Entry, int Parent)
{
    /// <summary>The node.</summary>
    public NodeView Node => Entry.Node;

    /// <summary>Depth below the situation (0 for the situation itself).</summary>
    public int Depth => Entry.Depth;
}

/// <summary>
/// An entry situation (a top-level branch of the tree) with its unfolded subtree as rows, cut into pages by estimated
/// size: one cut for the chart pages (HTML) and one for the guide API (JSON), each computed when first asked for.
/// </summary>
public sealed class ChartSituation
{
    private readonly Lazy<IReadOnlyList<int>> _htmlStarts;
    private readonly Lazy<IReadOnlyList<int>> _jsonStarts;

    internal ChartSituation(string key, TreeEntry tree, IReadOnlyList<ChartRow> rows, Func<ChartSituation, IReadOnlyList<int>> html, Func<ChartSituation, IReadOnlyList<int>> json)
    {
        Key = key;
        Tree = tree;
        Rows = rows;
        _htmlStarts = new(() => html(this));
        _jsonStarts = new(() => json(this));
    }

    /// <summary>The situation's key in URLs: its page path without the culture prefix and <c>guide/</c> (<c>trouble</c>).</summary>
    public string Key { get; }

    /// <summary>The situation's unfolded tree.</summary>
    public TreeEntry Tree { get; }

    /// <summary>The entry node.</summary>
    public NodeView Node => Tree.Node;

    /// <summary>Every node of the branch in reading order; a node reached by two paths is a row on each, as on the whole chart.</summary>
    public IReadOnlyList<ChartRow> Rows { get; }

    /// <summary>Number of nodes in the branch (rows).</summary>
    public int NodeCount => Rows.Count;

    /// <summary>Number of chart pages (at least 1).</summary>
    public int PageCount => _htmlStarts.Value.Count;

    /// <summary>Number of guide API pages (at least 1).</summary>
    public int JsonPageCount => _jsonStarts.Value.Count;

    /// <summary>Rows [Start, End) of chart page <paramref name="page"/> (1-based, clamped to the last page).</summary>
    public (int Start, int End) Page(int page) => Slice(_htmlStarts.Value, page);

    /// <summary>Rows [Start, End) of guide API page <paramref name="page"/> (1-based); empty past the last page.</summary>
    public (int Start, int End) JsonPage(int page) =>
        page > JsonPageCount ? (Rows.Count, Rows.Count) : Slice(_jsonStarts.Value, page);

    /// <summary>Rows of the ancestors of <paramref name="row"/>, the situation first.</summary>
    public IReadOnlyList<int> Ancestors(int row)
    {
        var chain = new List<int>();
        for (var p = Rows[row].Parent; p >= 0; p = Rows[p].Parent)
        {
            chain.Add(p);
        }

        chain.Reverse();
        return chain;
    }

    private (int Start, int End) Slice(IReadOnlyList<int> starts, int page)
    {
        var i = Math.Clamp(page, 1, starts.Count) - 1;
        return (starts[i], i + 1 < starts.Count ? starts[i + 1] : Rows.Count);
    }
}

/// <summary>
/// The decision tree of one guide (snapshot and culture) as pages: whether the whole chart and the whole guide answer fit
/// in one page, and each entry situation's rows cut into pages. Built once per guide model, beside it, and dropped with
/// its snapshot; the sizes are estimates from the texts (<see cref="PageWeights"/>), so nothing is rendered to decide.
/// </summary>
public sealed class ChartLayout
{
    /// <summary>Entry situations per page of the index (chart and API).</summary>
    public const int SituationsPerPage = 50;

    /// <summary>Most rows on one page, however small they are: a page stays readable.</summary>
    public const int MaxRowsPerPage = 200;

    private static readonly ConditionalWeakTable<GuideModel, ChartLayout> Cache = [];
    private readonly GuideModel _guide;
    private readonly CmsPagingOptions _options;
    private readonly bool _english;
    private readonly Dictionary<string, ChartSituation> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChartSituation> _bySet = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _whole;
    private readonly Lazy<bool> _wholeJson;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _agencyJson = new(StringComparer.Ordinal);

    private ChartLayout(GuideModel guide, CmsPagingOptions options)
    {
        _guide = guide;
        _options = options;
        _english = GuideReader.LangOf(guide.Culture) == "en";
        var situations = new List<ChartSituation>();
        foreach (var tree in guide.Tree)
        {
            var rows = new List<ChartRow>();
            Flatten(tree, -1, rows);
            var key = KeyOf(tree.Node, guide.Culture);
            if (_byKey.ContainsKey(key))
            {
                key = tree.Node.Id; // two entries whose paths end alike: the later one goes by its id
            }

            var situation = new ChartSituation(key, tree, rows, CutHtml, CutJson);
            situations.Add(situation);
            _byKey[key] = situation;
            _bySet.TryAdd(tree.Node.LocalizationSet, situation);
        }

        Situations = situations;
        _whole = new(() => EstimateWholeChart() <= _options.PageBytes);
        _wholeJson = new(() => EstimateWholeGuide() <= _options.ApiPageBytes);
    }

    /// <summary>The entry situations in the guide's order.</summary>
    public IReadOnlyList<ChartSituation> Situations { get; }

    /// <summary>True when the whole chart (tree and every agency card) fits in one page: <c>/chart</c> shows it as the leaflet does.</summary>
    public bool IsWhole => _whole.Value;

    /// <summary>True when the whole guide (tree with agencies resolved, and every agency) fits in one API answer.</summary>
    public bool IsWholeJson => _wholeJson.Value;

    /// <summary>Number of index pages (at least 1).</summary>
    public int IndexPageCount => Math.Max(1, (Situations.Count + SituationsPerPage - 1) / SituationsPerPage);

    /// <summary>The layout of <paramref name="guide"/> (built on first use).</summary>
    public static ChartLayout For(GuideModel guide, CmsPagingOptions options) => Cache.GetValue(guide, g => new ChartLayout(g, options));

    /// <summary>The situation with this key, or null.</summary>
    public ChartSituation? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The situation whose entry node belongs to this localization set (the same situation in another language).</summary>
    public ChartSituation? FindBySet(string set) => _bySet.GetValueOrDefault(set);

    /// <summary>Situations of index page <paramref name="page"/> (1-based, clamped).</summary>
    public IReadOnlyList<ChartSituation> IndexPage(int page) =>
        [.. Situations.Skip((Math.Clamp(page, 1, IndexPageCount) - 1) * SituationsPerPage).Take(SituationsPerPage)];

    /// <summary>The URL key of an entry node in a culture: its path without the culture prefix and <c>guide/</c>.</summary>
    public static string KeyOf(NodeView node, string culture)
    {
        if (node.Path is not { Length: > 0 } path)
        {
            return node.Id;
        }

        var prefix = GuideReader.PrefixOf(culture).TrimStart('/');
        if (prefix.Length > 0 && path.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            path = path[(prefix.Length + 1)..];
        }

        return path.StartsWith("guide/", StringComparison.Ordinal) && path.Length > "guide/".Length ? path["guide/".Length..] : path;
    }

    /// <summary>Estimated JSON bytes of one agency (cached per agency for this guide).</summary>
    public int AgencyJson(AgencyView agency) => _agencyJson.GetOrAdd(agency.Id, _ => PageWeights.JsonAgency(agency));

    private static void Flatten(TreeEntry entry, int parent, List<ChartRow> rows)
    {
        var index = rows.Count;
        rows.Add(new ChartRow(entry, parent));
        foreach (var child in entry.Children)
        {
            Flatten(child, index, rows);
        }
    }

    /// <summary>
    /// Estimated bytes of the whole chart's content: every node of the tree, every agency's card and the notes. Counting
    /// stops once past <see cref="CmsPagingOptions.PageBytes"/>, so a big guide costs no more than a small one.
    /// </summary>
    public long EstimateWholeChart()
    {
        long bytes = _guide.Texts.Footnotes.Sum(n => 40 + PageWeights.Html(n, _english)) + 800;
        foreach (var row in Situations.SelectMany(s => s.Rows))
        {
            bytes += PageWeights.ChartNode(row.Node, _english);
            if (bytes > _options.PageBytes)
            {
                return bytes;
            }
        }

        foreach (var agency in _guide.Agencies)
        {
            bytes += PageWeights.Card(agency, _english);
            if (bytes > _options.PageBytes)
            {
                return bytes;
            }
        }

        return bytes;
    }

    /// <summary>
    /// Estimated bytes of the whole guide answer: each node with its agencies resolved in place, and every agency once
    /// more at the end. Counting stops once past <see cref="CmsPagingOptions.ApiPageBytes"/>.
    /// </summary>
    public long EstimateWholeGuide()
    {
        var texts = _guide.Texts;
        long bytes = 900 + PageWeights.Json(texts.Title) + PageWeights.Json(texts.Subtitle) + PageWeights.Json(texts.Series)
            + PageWeights.Json(texts.ChannelLegend) + PageWeights.Json(texts.SourceText) + PageWeights.Json(texts.SourceUrl)
            + PageWeights.Json(texts.SourceUrlText) + PageWeights.Json(texts.Publisher) + PageWeights.Json(texts.CoPublisher)
            + PageWeights.Json(texts.EmergencyText) + PageWeights.Json(texts.ConsultText)
            + texts.Footnotes.Sum(PageWeights.Json) + texts.ChannelKinds.Sum(PageWeights.Json)
            + (Math.Min(Situations.Count, SituationsPerPage) * 300);
        foreach (var row in Situations.SelectMany(s => s.Rows))
        {
            bytes += PageWeights.JsonNode(row.Node) + row.Node.Agencies.Sum(AgencyJson);
            if (bytes > _options.ApiPageBytes)
            {
                return bytes;
            }
        }

        foreach (var agency in _guide.Agencies)
        {
            bytes += AgencyJson(agency);
            if (bytes > _options.ApiPageBytes)
            {
                return bytes;
            }
        }

        return bytes;
    }

    // A chart page: its rows' nodes with their arrows to agencies; a page that starts inside a branch repeats the
    // branch's ancestors (as a link each) so the reader sees where it continues.
    private List<int> CutHtml(ChartSituation situation) => Cut(
        situation,
        _options.PageBytes,
        start => situation.Ancestors(start).Sum(a => 150 + PageWeights.Html(situation.Rows[a].Node.Title, _english)),
        (row, _) => PageWeights.ChartNode(situation.Rows[row].Node, _english),
        (_, _) => { });

    // A guide API page: its rows' nodes, and every agency they recommend once.
    private List<int> CutJson(ChartSituation situation) => Cut(
        situation,
        _options.ApiPageBytes,
        _ => 600 + (Situations.Count > 0 ? 500 : 0),
        (row, seen) => PageWeights.JsonNode(situation.Rows[row].Node)
            + situation.Rows[row].Node.Agencies.Where(a => !seen.Contains(a.Id)).Sum(AgencyJson),
        (row, seen) => seen.UnionWith(situation.Rows[row].Node.Agencies.Select(a => a.Id)));

    private static List<int> Cut(ChartSituation situation, long budget, Func<int, long> start, Func<int, HashSet<string>, long> cost, Action<int, HashSet<string>> take)
    {
        var starts = new List<int> { 0 };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var used = start(0);
        for (var row = 0; row < situation.Rows.Count; row++)
        {
            var add = cost(row, seen);
            // A node that alone exceeds the budget still gets a page of its own: nodes are never split.
            if (row > starts[^1] && (used + add > budget || row - starts[^1] >= MaxRowsPerPage))
            {
                starts.Add(row);
                seen.Clear();
                used = start(row);
                add = cost(row, seen);
            }

            used += add;
            take(row, seen);
        }

        return starts;
    }
}
