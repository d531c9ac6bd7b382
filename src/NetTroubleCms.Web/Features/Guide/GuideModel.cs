namespace NetTroubleCms.Web.Features.Guide;

/// <summary>One way to reach an agency.</summary>
public sealed record ChannelView(
    string Kind,
    string KindKey,
    string Value,
    string? Label,
    string? Hours,
    string? Notes,
    string? Href,
    bool IsNaviDial,
    string? SourceUrl,
    string? LastVerified)
{
    /// <summary>The value as shown: phone numbers in libphonenumber's national format, so seeded and edited numbers look alike.</summary>
    public string Display { get; init; } = Value;

    /// <summary>The kind: its label and icon names and its place in the order.</summary>
    public ChannelKind KindInfo => ChannelKinds.ByKey(KindKey) ?? ChannelKinds.Other;

    /// <summary>Position of the kind in the one order every agency shows (phone, chat, SNS, e-mail, web form, in person, website).</summary>
    public int KindRank => KindInfo.Rank;
}

/// <summary>An agency as the public sees it.</summary>
public sealed record AgencyView(
    string Id,
    string Title,
    string? Operator,
    string? Badge,
    string? Tagline,
    string? Description,
    string? Note,
    string? WebsiteUrl,
    string? WebsiteText,
    string? Path,
    IReadOnlyList<ChannelView> Channels,
    decimal SortOrder,
    string Culture,
    string? LocalizationSet,
    bool IsFallback,
    bool IsOutOfDate = false)
{
    /// <summary>True for the region's own entries (not in the base guide): marked 「地域の窓口」.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Channels in the one order every agency shows (stored order within a kind).</summary>
    public IReadOnlyList<ChannelView> OrderedChannels => [.. Channels.OrderBy(c => c.KindRank)];

    /// <summary>Phone channels only.</summary>
    public IReadOnlyList<ChannelView> Phones => [.. Channels.Where(c => c.KindKey == ChannelKinds.Phone.Key)];

    /// <summary>The site URL for the agency page.</summary>
    public string? Url => Path is null ? null : "/" + Path;

    /// <summary>「最終確認日」 of the agency as a Japan date (yyyy-MM-dd): the oldest of its channels' dates, none while one is unverified.</summary>
    public string? LastVerified =>
        Verification.ChannelVerification.AgencyLastVerifiedUtc(Channels.Select(c => Verification.ChannelVerification.Parse(c.LastVerified))) is DateTime d
            ? Verification.ChannelVerification.JapanDate(d)
            : null;
}

/// <summary>A situation or question in the decision tree.</summary>
public sealed class NodeView
{
    /// <summary>Item id.</summary>
    public required string Id { get; init; }

    /// <summary>Situation or question text.</summary>
    public required string Title { get; init; }

    /// <summary>AutoroutePart path.</summary>
    public string? Path { get; init; }

    /// <summary>Site URL.</summary>
    public string? Url => Path is null ? null : "/" + Path;

    /// <summary>True for the entry situations.</summary>
    public bool IsEntry { get; init; }

    /// <summary>Order among entries.</summary>
    public decimal SortOrder { get; init; }

    /// <summary>Label on the arrow to the agencies (e.g. 「弁護士 または」).</summary>
    public string? ArrowLabel { get; init; }

    /// <summary>Editor's note.</summary>
    public string? Note { get; init; }

    /// <summary>The leaflet's notes (※) that apply to this node, in the guide's order.</summary>
    public IReadOnlyList<string> Footnotes { get; init; } = [];

    /// <summary>True when the result repeats the emergency numbers (110, #9110) as call buttons.</summary>
    public bool ShowsEmergencyCalls { get; init; }

    /// <summary>True when the node ends at agencies: a question shows such an answer's agencies in place, for comparing.</summary>
    public bool IsResult => Children.Count == 0 && Agencies.Count > 0;

    /// <summary>Culture of the text shown.</summary>
    public required string Culture { get; init; }

    /// <summary>Localization set shared by the node's translations (the item id when it has none).</summary>
    public required string LocalizationSet { get; init; }

    /// <summary>True when the text is the Japanese original shown for a missing translation.</summary>
    public bool IsFallback { get; init; }

    /// <summary>True when the translation shown was saved before the original's words last changed.</summary>
    public bool IsOutOfDate { get; init; }

    /// <summary>True for the region's own entries (not in the base guide).</summary>
    public bool IsLocal { get; init; }

    /// <summary>Child nodes, in order (published ones only).</summary>
    public List<NodeView> Children { get; } = [];

    /// <summary>Recommended agencies, in order (published ones only).</summary>
    public List<AgencyView> Agencies { get; } = [];

    /// <summary>Parents (a node may have several).</summary>
    public List<NodeView> Parents { get; } = [];

    /// <summary>True when the node leads to agencies and has no further question.</summary>
    public bool IsOutcome => Children.Count == 0;
}

/// <summary>A shortcut from the home page straight to a node, with the editor's short label.</summary>
public sealed record ShortcutView(string Label, NodeView Node);

/// <summary>The leaflet's own texts.</summary>
public sealed record GuideTexts(
    string Title,
    string? Series,
    string? Subtitle,
    string? ChannelLegend,
    IReadOnlyList<string> ChannelKinds,
    IReadOnlyList<string> Footnotes,
    string? SourceText,
    string? SourceUrl,
    string? SourceUrlText,
    string? Publisher,
    string? CoPublisher,
    string? EmergencyText,
    string? EmergencyPhone,
    string? EmergencyHref,
    string? ConsultText,
    string? ConsultPhone,
    string? ConsultHref)
{
    /// <summary>True when the texts are the Japanese original shown for a missing translation.</summary>
    public bool IsFallback { get; init; }
}

/// <summary>A tree entry for whole-chart rendering: the graph unfolded into a tree, cycles cut.</summary>
public sealed record TreeEntry(NodeView Node, IReadOnlyList<TreeEntry> Children, int Depth);

/// <summary>Everything the public guide shows, in one culture.</summary>
public sealed class GuideModel
{
    /// <summary>Culture shown (ja-JP, en, ja-x-easy).</summary>
    public required string Culture { get; init; }

    /// <summary>Leaflet texts.</summary>
    public required GuideTexts Texts { get; init; }

    /// <summary>Agencies in leaflet order.</summary>
    public required IReadOnlyList<AgencyView> Agencies { get; init; }

    /// <summary>Entry situations in order.</summary>
    public required IReadOnlyList<NodeView> Entries { get; init; }

    /// <summary>All nodes by id (ids of this culture's items, or of the fallback).</summary>
    public required IReadOnlyDictionary<string, NodeView> Nodes { get; init; }

    /// <summary>Agencies by id.</summary>
    public required IReadOnlyDictionary<string, AgencyView> AgenciesById { get; init; }

    /// <summary>Agencies by localization set: the same agency in every culture shares the key.</summary>
    public required IReadOnlyDictionary<string, AgencyView> AgenciesBySet { get; init; }

    /// <summary>Nodes by localization set.</summary>
    public required IReadOnlyDictionary<string, NodeView> NodesBySet { get; init; }

    /// <summary>The kinds of the channel legend (対面, 電話, ...), in the leaflet's order.</summary>
    /// <remarks>Web form and website follow the leaflet's marks: every agency shows them, so the legend explains them too.</remarks>
    public IReadOnlyList<ChannelKind> LegendKinds => [.. Texts.ChannelKinds.Select(ChannelKinds.OfStored).Concat([ChannelKinds.WebForm, ChannelKinds.Website]).Distinct()];

    /// <summary>URL prefix of the culture: empty for Japanese, <c>/en</c>, <c>/easy</c>.</summary>
    public string Prefix => GuideReader.PrefixOf(Culture);

    /// <summary>The decision tree unfolded from the entries.</summary>
    public required IReadOnlyList<TreeEntry> Tree { get; init; }

    /// <summary>True when anything shown is a Japanese fallback for a missing translation.</summary>
    public bool HasFallback { get; init; }

    /// <summary>Shortcuts from the home page, as editors set them on the Guide item.</summary>
    public IReadOnlyList<ShortcutView> Shortcuts { get; init; } = [];
}
