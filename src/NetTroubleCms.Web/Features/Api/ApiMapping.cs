using System.Text.Json.Nodes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Maps the guide read model onto the API's response records.</summary>
public static class ApiMapping
{
    /// <summary>An agency with its channels.</summary>
    public static AgencyResponse ToResponse(this AgencyView agency, PublishedSnapshot snapshot) => new(
        agency.Id,
        agency.Title,
        agency.Operator,
        agency.Badge,
        agency.Tagline,
        agency.Description,
        agency.Note,
        agency.WebsiteUrl,
        agency.WebsiteText,
        agency.Path,
        agency.ToChannels(snapshot),
        agency.Culture,
        agency.IsFallback,
        agency.LocalizationSet,
        agency.IsOutOfDate)
    { Local = agency.IsLocal };

    /// <summary>The agency's channels, each with the id of its bag item.</summary>
    public static IReadOnlyList<ChannelResponse> ToChannels(this AgencyView agency, PublishedSnapshot snapshot)
    {
        // GuideReader keeps bag order, so the n-th channel view is the n-th bag item.
        var bag = snapshot.Get(agency.Id)?.Part("Channels")?["ContentItems"] as JsonArray;
        return
        [
            .. agency.Channels.Select((c, i) => new ChannelResponse(
                bag is not null && i < bag.Count ? bag[i]?["ContentItemId"]?.ToString() : null,
                agency.Id,
                agency.Title,
                c.Kind,
                c.KindKey,
                c.Value,
                c.Label,
                c.Hours,
                c.Notes,
                c.Href,
                c.IsNaviDial,
                c.SourceUrl,
                c.LastVerified,
                agency.Culture,
                agency.IsFallback)),
        ];
    }

    /// <summary>A node with its subtree unfolded, agencies resolved.</summary>
    public static NodeResponse ToResponse(this TreeEntry entry, PublishedSnapshot snapshot, Dictionary<string, AgencyResponse> agencies) =>
        Node(entry.Node, [.. entry.Children.Select(c => c.ToResponse(snapshot, agencies))], snapshot, agencies);

    /// <summary>A node with its subtree, cycles cut at the first repeat.</summary>
    public static NodeResponse ToResponse(this NodeView node, PublishedSnapshot snapshot, Dictionary<string, AgencyResponse> agencies) =>
        Unfold(node, [], snapshot, agencies);

    /// <summary>A node without its children unfolded.</summary>
    public static NodeResponse ToFlatResponse(this NodeView node, PublishedSnapshot snapshot, Dictionary<string, AgencyResponse> agencies) =>
        Node(node, [], snapshot, agencies);

    private static NodeResponse Unfold(NodeView node, HashSet<string> path, PublishedSnapshot snapshot, Dictionary<string, AgencyResponse> agencies)
    {
        if (!path.Add(node.Id) || path.Count > 32)
        {
            return Node(node, [], snapshot, agencies);
        }

        var children = node.Children.Where(c => !path.Contains(c.Id)).Select(c => Unfold(c, path, snapshot, agencies)).ToList();
        path.Remove(node.Id);
        return Node(node, children, snapshot, agencies);
    }

    private static NodeResponse Node(NodeView node, IReadOnlyList<NodeResponse> children, PublishedSnapshot snapshot, Dictionary<string, AgencyResponse> agencies) => new(
        node.Id,
        node.Title,
        node.Path,
        node.IsEntry,
        node.IsOutcome,
        node.ArrowLabel,
        node.Note,
        node.Culture,
        node.IsFallback,
        [.. node.Agencies.Select(a => agencies.TryGetValue(a.Id, out var r) ? r : agencies[a.Id] = a.ToResponse(snapshot))],
        children,
        node.IsOutOfDate);
}
