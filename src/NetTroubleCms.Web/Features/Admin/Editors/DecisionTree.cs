using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>A node of the decision tree as the tree editor sees it (latest versions, drafts included).</summary>
/// <param name="Item">The original (default-culture) node, which holds the tree's structure for every language.</param>
/// <param name="IsEntry">True for entry situations.</param>
/// <param name="SortOrder">Order among entries.</param>
/// <param name="Children">Child node ids (originals), in order.</param>
/// <param name="Agencies">Agency LocalizationSets, in order.</param>
/// <param name="HasPublished">True when a version is published.</param>
/// <param name="LocalTitle">The title in the language shown, when a translation exists.</param>
public sealed record TreeNode(ContentItem Item, bool IsEntry, decimal SortOrder, IReadOnlyList<string> Children, IReadOnlyList<string> Agencies, bool HasPublished, string? LocalTitle = null)
{
    /// <summary>Id.</summary>
    public string Id => Item.ContentItemId;

    /// <summary>Title in the language shown (the original's when untranslated).</summary>
    public string Title => LocalTitle ?? Item.DisplayText ?? Item.ContentItemId;

    /// <summary>The LocalizationSet that links to this node from other nodes.</summary>
    public string Set => LocalizationSets.SetOf(Item) ?? Item.ContentItemId;

    /// <summary>True when the latest version is not the published one.</summary>
    public bool IsDraft => !Item.Published;
}

/// <summary>An agency that nodes can point at: one per LocalizationSet, named by its original.</summary>
public sealed record TreeAgency(string Id, string Title, bool Published, bool Deleted);

/// <summary>Something to fix before publishing.</summary>
public sealed record TreeProblem(string Kind, string NodeId, string Message);

/// <summary>
/// The DecisionNode graph with the problems a reviewer must see before publishing. The structure is stored once, on
/// the original nodes, as links to LocalizationSets; every language shows the same tree in its own words.
/// </summary>
public sealed class DecisionTree
{
    /// <summary>The content type of nodes.</summary>
    public const string NodeType = "DecisionNode";

    /// <summary>Nodes by id.</summary>
    public Dictionary<string, TreeNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Agencies by LocalizationSet.</summary>
    public Dictionary<string, TreeAgency> Agencies { get; } = new(StringComparer.Ordinal);

    /// <summary>Entry situations in order.</summary>
    public List<TreeNode> Entries { get; } = [];

    /// <summary>Problems found.</summary>
    public List<TreeProblem> Problems { get; } = [];

    /// <summary>Loads the latest original nodes, titled in <paramref name="culture"/> where translated, and checks them.</summary>
    public static async Task<DecisionTree> LoadAsync(IContentStore store, string culture, CancellationToken cancellationToken)
    {
        var tree = new DecisionTree();
        var original = SiteCultures.Default;
        var (agencies, _) = await store.QueryAsync(new ContentQuery { Versions = VersionFilter.AllVersions, ContentTypes = ["Agency"], OrderBy = "id" }, cancellationToken);
        foreach (var set in agencies.GroupBy(a => a.LocalizationSet ?? a.ContentItemId, StringComparer.Ordinal))
        {
            var items = set.GroupBy(a => a.ContentItemId, StringComparer.Ordinal).ToList();
            var main = items.FirstOrDefault(g => g.Any(a => a.Culture == original)) ?? items[0];
            var latest = main.FirstOrDefault(a => a.Latest);
            var shown = latest ?? main.Last();
            tree.Agencies[set.Key] = new TreeAgency(set.Key, shown.DisplayText ?? set.Key, main.Any(a => a.Published), latest is null);
        }

        var (nodes, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [NodeType], OrderBy = "id" }, cancellationToken);
        var titles = nodes.Where(r => r.Culture == culture && r.LocalizationSet is not null)
            .GroupBy(r => r.LocalizationSet!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().DisplayText, StringComparer.Ordinal);
        var originals = nodes.Where(r => (r.Culture ?? original) == original).ToList();
        var nodeBySet = originals.ToDictionary(r => r.LocalizationSet ?? r.ContentItemId, r => r.ContentItemId, StringComparer.Ordinal);
        foreach (var row in originals)
        {
            var item = ContentManager.ToItem(row)!;
            var hasPublished = row.Published || await store.GetAsync(row.ContentItemId, VersionFilter.Published, cancellationToken) is not null;
            tree.Nodes[item.ContentItemId] = new TreeNode(
                item,
                item.Field(NodeType, "IsEntry")?["Value"] is JsonValue v && v.TryGetValue(out bool b) && b,
                item.Field(NodeType, "SortOrder")?["Value"] is JsonValue n && n.TryGetValue(out decimal d) ? d : decimal.MaxValue,
                [.. Links(item, "Children").Select(set => nodeBySet.GetValueOrDefault(set) ?? set)],
                Links(item, "Agencies"),
                hasPublished,
                culture == original ? null : titles.GetValueOrDefault(row.LocalizationSet ?? ""));
        }

        tree.Entries.AddRange(tree.Nodes.Values.Where(n => n.IsEntry).OrderBy(n => n.SortOrder).ThenBy(n => n.Title, StringComparer.Ordinal));
        tree.Check();
        return tree;
    }

    /// <summary>The LocalizationSets a link field of a node holds (item ids for an Orchard ContentPickerField).</summary>
    public static List<string> Links(ContentItem item, string field) =>
        item.Field(NodeType, field) is { } value && (value["LocalizationSets"] ?? value["ContentItemIds"]) is JsonArray a
            ? [.. a.Select(x => x?.ToString() ?? "").Where(s => s.Length > 0)]
            : [];

    /// <summary>Writes node ids (children) or agency sets as the field's LocalizationSets.</summary>
    public void SetLinks(ContentItem item, string field, IEnumerable<string> ids)
    {
        var sets = ids.Select(id => Nodes.TryGetValue(id, out var node) ? node.Set : id);
        item.GetOrCreatePart(NodeType)[field] = new JsonObject { ["LocalizationSets"] = new JsonArray([.. sets.Select(i => (JsonNode)JsonValue.Create(i))]) };
    }

    private void Check()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string id)
        {
            if (onPath.Contains(id))
            {
                cycles.Add(id);
                return;
            }

            if (!reached.Add(id) || !Nodes.TryGetValue(id, out var node))
            {
                return;
            }

            onPath.Add(id);
            foreach (var child in node.Children)
            {
                Visit(child);
            }

            onPath.Remove(id);
        }

        foreach (var entry in Entries)
        {
            Visit(entry.Id);
        }

        // Nodes outside the entries' reach may still hide cycles among themselves.
        foreach (var node in Nodes.Values.Where(n => !reached.Contains(n.Id)).ToList())
        {
            Visit(node.Id);
        }

        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(Entries.Select(e => e.Id));
        while (queue.TryDequeue(out var id))
        {
            if (reachable.Add(id) && Nodes.TryGetValue(id, out var n))
            {
                foreach (var c in n.Children)
                {
                    queue.Enqueue(c);
                }
            }
        }

        foreach (var node in Nodes.Values)
        {
            if (!reachable.Contains(node.Id))
            {
                Problems.Add(new("unreachable", node.Id, $"「{node.Title}」は入口の状況からたどり着けません。"));
            }

            if (cycles.Contains(node.Id))
            {
                Problems.Add(new("cycle", node.Id, $"「{node.Title}」で分岐が循環しています（自分の先祖を子にしています）。"));
            }

            if (node.Children.Count == 0 && node.Agencies.Count == 0)
            {
                Problems.Add(new("no-agency", node.Id, $"「{node.Title}」は次の状況も案内先の相談機関もない行き止まりです。"));
            }

            foreach (var child in node.Children.Where(c => !Nodes.ContainsKey(c)))
            {
                Problems.Add(new("missing-node", node.Id, $"「{node.Title}」の次の状況 {child} は削除されたか別の言語です。"));
            }

            foreach (var agencyId in node.Agencies)
            {
                if (!Agencies.TryGetValue(agencyId, out var agency) || agency.Deleted)
                {
                    Problems.Add(new("deleted-agency", node.Id, $"「{node.Title}」の案内先 {agency?.Title ?? agencyId} は削除されています。"));
                }
                else if (!agency.Published)
                {
                    Problems.Add(new("unpublished-agency", node.Id, $"「{node.Title}」の案内先「{agency.Title}」は公開されていません。"));
                }
            }
        }
    }
}
