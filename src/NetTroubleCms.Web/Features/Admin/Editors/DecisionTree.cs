using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>A node of the decision tree as the tree editor sees it (latest versions, drafts included).</summary>
public sealed record TreeNode(ContentItem Item, bool IsEntry, decimal SortOrder, IReadOnlyList<string> Children, IReadOnlyList<string> Agencies, bool HasPublished)
{
    /// <summary>Id.</summary>
    public string Id => Item.ContentItemId;

    /// <summary>Title.</summary>
    public string Title => Item.DisplayText ?? Item.ContentItemId;

    /// <summary>True when the latest version is not the published one.</summary>
    public bool IsDraft => !Item.Published;
}

/// <summary>An agency that nodes can point at.</summary>
public sealed record TreeAgency(string Id, string Title, bool Published, bool Deleted);

/// <summary>Something to fix before publishing.</summary>
public sealed record TreeProblem(string Kind, string NodeId, string Message);

/// <summary>The whole DecisionNode graph of one culture with the problems a reviewer must see before publishing.</summary>
public sealed class DecisionTree
{
    /// <summary>The content type of nodes.</summary>
    public const string NodeType = "DecisionNode";

    /// <summary>Nodes by id.</summary>
    public Dictionary<string, TreeNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Agencies by id (all cultures).</summary>
    public Dictionary<string, TreeAgency> Agencies { get; } = new(StringComparer.Ordinal);

    /// <summary>Entry situations in order.</summary>
    public List<TreeNode> Entries { get; } = [];

    /// <summary>Problems found.</summary>
    public List<TreeProblem> Problems { get; } = [];

    /// <summary>Loads the latest nodes of <paramref name="culture"/> and checks them.</summary>
    public static async Task<DecisionTree> LoadAsync(IContentStore store, string culture, CancellationToken cancellationToken)
    {
        var tree = new DecisionTree();
        var (agencies, _) = await store.QueryAsync(new ContentQuery { Versions = VersionFilter.AllVersions, ContentTypes = ["Agency"], OrderBy = "id" }, cancellationToken);
        foreach (var group in agencies.GroupBy(a => a.ContentItemId))
        {
            var latest = group.FirstOrDefault(a => a.Latest);
            var shown = latest ?? group.Last();
            tree.Agencies[group.Key] = new TreeAgency(group.Key, shown.DisplayText ?? group.Key, group.Any(a => a.Published), latest is null);
        }

        var (nodes, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [NodeType], OrderBy = "id" }, cancellationToken);
        foreach (var row in nodes.Where(r => (r.Culture ?? "ja-JP") == culture))
        {
            var item = ContentManager.ToItem(row)!;
            var hasPublished = row.Published || await store.GetAsync(row.ContentItemId, VersionFilter.Published, cancellationToken) is not null;
            tree.Nodes[item.ContentItemId] = new TreeNode(
                item,
                item.Field(NodeType, "IsEntry")?["Value"] is JsonValue v && v.TryGetValue(out bool b) && b,
                item.Field(NodeType, "SortOrder")?["Value"] is JsonValue n && n.TryGetValue(out decimal d) ? d : decimal.MaxValue,
                Ids(item, "Children"),
                Ids(item, "Agencies"),
                hasPublished);
        }

        tree.Entries.AddRange(tree.Nodes.Values.Where(n => n.IsEntry).OrderBy(n => n.SortOrder).ThenBy(n => n.Title, StringComparer.Ordinal));
        tree.Check();
        return tree;
    }

    /// <summary>Ids held by a picker field of a node.</summary>
    public static List<string> Ids(ContentItem item, string field) =>
        item.Field(NodeType, field)?["ContentItemIds"] is JsonArray a ? [.. a.Select(x => x?.ToString() ?? "").Where(s => s.Length > 0)] : [];

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
