using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Guide;

/// <summary>
/// Turns the published snapshot into the guide's read model for one culture, once per snapshot and culture
/// (the result is cached beside the immutable snapshot and dropped with it).
/// </summary>
public sealed class GuideReader(PublishedSnapshotProvider snapshots)
{
    /// <summary>The site's default culture: every item without a translation falls back to it.</summary>
    public const string DefaultCulture = SiteCultures.Default;

    /// <summary>Cultures the public site offers, default first.</summary>
    public static IReadOnlyList<string> Cultures => SiteCultures.Codes;

    private static readonly ConditionalWeakTable<PublishedSnapshot, SnapshotModels> Cache = [];

    /// <summary>The model for <paramref name="culture"/> (unknown cultures get the default).</summary>
    public async ValueTask<(PublishedSnapshot Snapshot, GuideModel Model)> GetAsync(string? culture, CancellationToken cancellationToken = default)
    {
        var snapshot = await snapshots.GetAsync(cancellationToken);
        return (snapshot, For(snapshot, culture));
    }

    /// <summary>The model for a given snapshot.</summary>
    public static GuideModel For(PublishedSnapshot snapshot, string? culture)
    {
        culture = NormalizeCulture(culture);
        var models = Cache.GetOrCreateValue(snapshot);
        // One build per snapshot and culture: a request that asks while it runs waits for it rather than building again.
        var model = models.ByCulture.GetOrAdd(culture, c => new Lazy<GuideModel>(() => Build(snapshot, c)));
        try
        {
            return model.Value;
        }
        catch
        {
            // Not kept: the next request builds again, as it did before builds were shared.
            models.ByCulture.TryRemove(new KeyValuePair<string, Lazy<GuideModel>>(culture, model));
            throw;
        }
    }

    /// <summary>
    /// The model for a public page. A page links to itself in every language, which needs every culture's model: the
    /// other cultures of a new snapshot are built meanwhile on other threads, so after a publication the first page
    /// waits for the slowest of them rather than for all of them in turn.
    /// </summary>
    public static GuideModel ForPage(PublishedSnapshot snapshot, string? culture)
    {
        culture = NormalizeCulture(culture);
        var models = Cache.GetOrCreateValue(snapshot);
        if (Interlocked.Exchange(ref models.OthersStarted, 1) == 0)
        {
            foreach (var other in Cultures.Where(c => c != culture && !models.ByCulture.ContainsKey(c)))
            {
                ThreadPool.QueueUserWorkItem(static state =>
                {
                    try
                    {
                        For(state.Snapshot, state.Culture);
                    }
                    catch (Exception)
                    {
                        // The page that needs this culture builds it again and reports what went wrong.
                    }
                }, (Snapshot: snapshot, Culture: other), preferLocal: false);
            }
        }

        return For(snapshot, culture);
    }

    // The models of one snapshot, by culture.
    private sealed class SnapshotModels
    {
        public ConcurrentDictionary<string, Lazy<GuideModel>> ByCulture { get; } = new(StringComparer.Ordinal);

        // 1 once a page has started building the other cultures.
        public int OthersStarted;
    }

    /// <summary>URL prefix of a culture's pages: empty for the default culture, <c>/en</c>, <c>/easy</c>.</summary>
    public static string PrefixOf(string culture) => SiteCultures.Get(culture).Prefix;

    /// <summary>The culture whose URL prefix is <paramref name="segment"/> (<c>en</c>, <c>easy</c>), or null.</summary>
    public static string? CultureOfPrefix(string segment) => SiteCultures.OfPrefix(segment);

    /// <summary>The HTML <c>lang</c> of a culture (easy Japanese is Japanese).</summary>
    public static string LangOf(string culture) => SiteCultures.Get(culture).Lang;

    /// <summary>Maps a requested culture onto one we offer.</summary>
    public static string NormalizeCulture(string? culture) => SiteCultures.Normalize(culture);

    /// <summary>Culture of an item (items without LocalizationPart are in the default culture).</summary>
    public static string CultureOf(ContentItem item) => LocalizationOf(item).Culture;

    /// <summary>Localization set of an item (its own id when it has none).</summary>
    public static string GroupKey(ContentItem item) => LocalizationOf(item).Group;

    // Culture and set of a published (frozen) item, read once: every model build asks for them several times per item
    // and culture, and each read of a frozen item's part would make its JSON tree again. Kept beside the item, so a
    // rebuild after a publication reads only the items that changed.
    private static readonly ConditionalWeakTable<ContentItem, ItemLocalization> Localizations = [];

    private sealed record ItemLocalization(string Culture, string Group);

    private static ItemLocalization LocalizationOf(ContentItem item) =>
        item.IsFrozen ? Localizations.GetValue(item, ReadLocalization) : ReadLocalization(item);

    private static ItemLocalization ReadLocalization(ContentItem item)
    {
        var part = item.Part("LocalizationPart");
        var culture = part?["Culture"]?.ToString() is { Length: > 0 } c ? SiteCultures.Intern(c) : DefaultCulture;
        var set = part?["LocalizationSet"]?.ToString();
        return new ItemLocalization(culture, set is { Length: > 0 } ? set : item.ContentItemId);
    }

    private static GuideModel Build(PublishedSnapshot snapshot, string culture)
    {
        // For each localization set choose the item in the wanted culture, else the default-culture original.
        ContentItem Choose(IEnumerable<ContentItem> group) =>
            group.FirstOrDefault(i => CultureOf(i) == culture) ?? group.FirstOrDefault(i => CultureOf(i) == DefaultCulture) ?? group.First();
        var sets = snapshot.Items.GroupBy(GroupKey, StringComparer.Ordinal).ToDictionary(g => g.Key, Choose, StringComparer.Ordinal);
        IEnumerable<ContentItem> Pick(string type) => snapshot.OfType(type).GroupBy(GroupKey, StringComparer.Ordinal).Select(Choose);
        // The tree links LocalizationSets (the same in every language, stored once on the original); each link shows
        // the set's item in this culture, else the Japanese original. Plain item ids (an Orchard ContentPickerField)
        // still work: they resolve to the item's set first.
        IEnumerable<ContentItem> References(ContentItem item, string field)
        {
            var value = item.Field("DecisionNode", field);
            var keys = value?["LocalizationSets"] is JsonArray linked
                ? linked.Select(n => n?.ToString() ?? "")
                : Ids(item, "DecisionNode", field).Select(id => snapshot.Get(id) is { } target ? GroupKey(target) : "");
            return keys.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(k => sets.GetValueOrDefault(k)).OfType<ContentItem>();
        }

        var originals = LocalizationSets.Originals(snapshot.Items, LocalizationSets.DefaultCulture(snapshot.Settings), snapshot.Definitions);
        bool OutOfDate(ContentItem item) =>
            CultureOf(item) != DefaultCulture && originals.TryGetValue(GroupKey(item), out var original)
            && LocalizationSets.IsOutOfDate(item, original, snapshot.Definitions);
        var agencies = Pick("Agency").Select(i => ToAgency(i, culture, snapshot) with { IsOutOfDate = OutOfDate(i) }).OrderBy(a => a.SortOrder).ThenBy(a => a.Title, StringComparer.Ordinal).ToList();
        var agenciesById = new Dictionary<string, AgencyView>(StringComparer.Ordinal);
        foreach (var agency in agencies)
        {
            agenciesById[agency.Id] = agency;
        }

        // Facts (which notes apply, call buttons, shortcut targets) are kept on the Japanese original; a translation
        // that does not carry a fact field shows the original's.
        JsonNode? Fact(ContentItem item, string part, string field) =>
            item.Field(part, field) ?? (originals.TryGetValue(GroupKey(item), out var original) ? original.Field(part, field) : null);

        var guideItem = Pick("Guide").FirstOrDefault();
        var texts = ToTexts(guideItem, snapshot) with { IsFallback = guideItem is not null && CultureOf(guideItem) != culture };
        var nodeItems = Pick("DecisionNode").ToList();
        var nodes = nodeItems.ToDictionary(
            i => i.ContentItemId,
            i => ToNode(
                i, culture, snapshot,
                FootnotesOf(Fact(i, "DecisionNode", "Footnotes"), texts.Footnotes),
                Fact(i, "DecisionNode", "EmergencyCalls")?["Value"] is JsonValue v && v.TryGetValue(out bool b) && b,
                OutOfDate(i)),
            StringComparer.Ordinal);
        foreach (var item in nodeItems)
        {
            var node = nodes[item.ContentItemId];
            foreach (var child in References(item, "Children"))
            {
                if (nodes.TryGetValue(child.ContentItemId, out var childNode))
                {
                    node.Children.Add(childNode);
                    childNode.Parents.Add(node);
                }
            }

            foreach (var agencyItem in References(item, "Agencies"))
            {
                if (agenciesById.TryGetValue(agencyItem.ContentItemId, out var agency))
                {
                    node.Agencies.Add(agency);
                }
            }
        }

        var entries = nodes.Values.Where(n => n.IsEntry).OrderBy(n => n.SortOrder).ThenBy(n => n.Title, StringComparer.Ordinal).ToList();
        var nodesBySet = nodes.Values.ToDictionary(n => n.LocalizationSet, StringComparer.Ordinal);
        var shortcuts = new List<ShortcutView>();
        if (guideItem is not null)
        {
            // Targets are a fact of the original; labels are words of this translation (the node's title when missing).
            var labels = Values(guideItem, "Guide", "ShortcutLabels");
            var targets = Fact(guideItem, "Guide", "Shortcuts")?["ContentItemIds"] is JsonArray a ? a.Select(n => n?.ToString() ?? "").ToList() : [];
            for (var i = 0; i < targets.Count; i++)
            {
                if (snapshot.Get(targets[i]) is { } target && nodesBySet.TryGetValue(GroupKey(target), out var node))
                {
                    shortcuts.Add(new ShortcutView(i < labels.Count && labels[i].Length > 0 ? labels[i] : node.Title, node));
                }
            }
        }

        return new GuideModel
        {
            Culture = culture,
            Texts = texts,
            Agencies = agencies,
            AgenciesById = agenciesById,
            Entries = entries,
            Nodes = nodes,
            AgenciesBySet = agencies.ToDictionary(a => a.LocalizationSet ?? a.Id, StringComparer.Ordinal),
            NodesBySet = nodesBySet,
            Shortcuts = shortcuts,
            Tree = [.. entries.Select(e => Unfold(e, [], 0))],
            HasFallback = texts.IsFallback || agencies.Any(a => a.IsFallback) || nodes.Values.Any(n => n.IsFallback),
        };
    }

    // A Japanese original shown for a missing translation keeps the reader in their language: its page is served
    // under the culture's prefix (/en/agencies/x), where the site endpoints render it with the fallback notice.
    private static string? LocalPath(string? path, ContentItem item, string culture) =>
        path is null || CultureOf(item) == culture || PrefixOf(culture).Length == 0 ? path : PrefixOf(culture).TrimStart('/') + "/" + path;

    private static TreeEntry Unfold(NodeView node, HashSet<string> path, int depth)
    {
        // A cycle or absurd depth stops the unfolding; the admin tree editor flags cycles before publishing.
        if (!path.Add(node.Id) || depth > 32)
        {
            return new TreeEntry(node, [], depth);
        }

        var children = node.Children.Where(c => !path.Contains(c.Id)).Select(c => Unfold(c, path, depth + 1)).ToList();
        path.Remove(node.Id);
        return new TreeEntry(node, children, depth);
    }

    private static IEnumerable<string> Ids(ContentItem item, string part, string field) =>
        item.Field(part, field)?["ContentItemIds"] is JsonArray a ? a.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0) : [];

    private static string? Text(ContentItem item, string part, string field) =>
        item.Text(part, field) is { Length: > 0 } s ? s : null;

    private static decimal Number(ContentItem item, string part, string field) =>
        item.Field(part, field)?["Value"] is JsonValue v && v.TryGetValue(out decimal d) ? d : decimal.MaxValue;

    // What an agency's page shows of its item alone (texts and channels), read once per item: snapshot items are never
    // changed and a rebuild keeps the ones that did not change, so every culture of every later snapshot reuses it.
    private static readonly ConditionalWeakTable<ContentItem, AgencyView> AgencyReads = [];

    private static AgencyView ToAgency(ContentItem item, string culture, PublishedSnapshot snapshot) =>
        AgencyReads.GetValue(item, ReadAgency) with
        {
            // The path depends on the definitions (the attachment's name) and the culture; the rest on the snapshot.
            Path = LocalPath(snapshot.PathOf(item), item, culture),
            IsFallback = CultureOf(item) != culture,
            IsLocal = snapshot.IsLocal(item),
        };

    private static AgencyView ReadAgency(ContentItem item)
    {
        var website = item.Field("Agency", "Website");
        var channels = new List<ChannelView>();
        if (item.Part("Channels")?["ContentItems"] is JsonArray bag)
        {
            foreach (var json in bag.OfType<JsonObject>())
            {
                // Read where it is (a copy of every channel of every agency costs more than the rest of the model).
                var channel = json["Channel"] as JsonObject;
                var kind = FieldText(channel, "Kind") ?? "";
                var value = FieldText(channel, "Value") ?? "";
                var key = ChannelKinds.OfStored(kind).Key;
                var isPhone = key == ChannelKinds.Phone.Key;
                var display = isPhone ? Admin.Editors.PhoneNumberFormatter.Format(value) ?? value : value;
                channels.Add(new ChannelView(
                    kind, key, value,
                    FieldText(channel, "Label"),
                    FieldText(channel, "Hours"),
                    FieldText(channel, "Notes"),
                    Href(key, value),
                    isPhone && Digits(value).StartsWith("0570", StringComparison.Ordinal),
                    (channel?["SourceUrl"] as JsonObject)?["Url"]?.ToString(),
                    (channel?["LastVerified"] as JsonObject)?["Value"]?.ToString())
                { Display = display });
            }
        }

        return new AgencyView(
            item.ContentItemId,
            item.DisplayText ?? "",
            Text(item, "Agency", "Operator"),
            Text(item, "Agency", "Badge"),
            Text(item, "Agency", "Tagline"),
            Text(item, "Agency", "Description"),
            Text(item, "Agency", "Note"),
            website?["Url"]?.ToString() is { Length: > 0 } url ? url : null,
            website?["Text"]?.ToString() is { Length: > 0 } text ? text : null,
            null,
            channels,
            Number(item, "Agency", "SortOrder"),
            CultureOf(item),
            GroupKey(item),
            false);
    }

    // A TextField's text in a part's JSON, null when empty (as Text above).
    private static string? FieldText(JsonObject? part, string field) =>
        (part?[field] as JsonObject)?["Text"] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : null;

    // Editors attach the guide's notes to a node by their number (1 = the first ※ note), so a note is written once
    // per language on the Guide item and the numbers are the same in every language.
    private static IReadOnlyList<string> FootnotesOf(JsonNode? field, IReadOnlyList<string> notes) =>
        field?["Values"] is JsonArray keys
            ? [.. keys.Select(k => int.TryParse(k?.ToString(), out var n) && n >= 1 && n <= notes.Count ? notes[n - 1] : null).OfType<string>().Distinct()]
            : [];

    private static IReadOnlyList<string> Values(ContentItem item, string part, string field) =>
        item.Field(part, field)?["Values"] is JsonArray a ? [.. a.Select(n => n?.ToString() ?? "")] : [];

    private static NodeView ToNode(ContentItem item, string culture, PublishedSnapshot snapshot, IReadOnlyList<string> footnotes, bool emergencyCalls, bool outOfDate) => new()
    {
        IsOutOfDate = outOfDate,
        Footnotes = footnotes,
        ShowsEmergencyCalls = emergencyCalls,
        Id = item.ContentItemId,
        Title = item.DisplayText ?? "",
        Path = LocalPath(snapshot.PathOf(item), item, culture),
        LocalizationSet = GroupKey(item),
        IsEntry = item.Field("DecisionNode", "IsEntry")?["Value"] is JsonValue v && v.TryGetValue(out bool b) && b,
        SortOrder = Number(item, "DecisionNode", "SortOrder"),
        ArrowLabel = Text(item, "DecisionNode", "ArrowLabel"),
        Note = Text(item, "DecisionNode", "Note"),
        Culture = CultureOf(item),
        IsFallback = CultureOf(item) != culture,
        IsLocal = snapshot.IsLocal(item),
    };

    private static GuideTexts ToTexts(ContentItem? item, PublishedSnapshot snapshot)
    {
        var siteName = snapshot.Settings["SiteName"]?.ToString() ?? "";
        if (item is null)
        {
            return new GuideTexts(siteName, null, null, null, [], [], null, null, null, null, null, null, null, null, null, null, null);
        }

        IReadOnlyList<string> Values(string field) =>
            item.Field("Guide", field)?["Values"] is JsonArray a ? [.. a.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0)] : [];
        var emergencyPhone = Text(item, "Guide", "EmergencyPhone");
        var consultPhone = Text(item, "Guide", "ConsultPhone");
        return new GuideTexts(
            item.DisplayText ?? siteName,
            Text(item, "Guide", "Series"),
            Text(item, "Guide", "Subtitle"),
            Text(item, "Guide", "ChannelLegend"),
            Values("ChannelKinds"),
            Values("Footnotes"),
            Text(item, "Guide", "SourceText"),
            item.Field("Guide", "SourceUrl")?["Url"]?.ToString(),
            item.Field("Guide", "SourceUrl")?["Text"]?.ToString(),
            Text(item, "Guide", "Publisher"),
            Text(item, "Guide", "CoPublisher"),
            Text(item, "Guide", "EmergencyText"),
            emergencyPhone,
            emergencyPhone is null ? null : Href(ChannelKinds.Phone.Key, emergencyPhone),
            Text(item, "Guide", "ConsultText"),
            consultPhone,
            consultPhone is null ? null : Href(ChannelKinds.Phone.Key, consultPhone));
    }

    /// <summary>The link that opens a channel: <c>tel:</c> (with <c>#</c> escaped), <c>mailto:</c>, or the URL.</summary>
    public static string? Href(string kindKey, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (kindKey == ChannelKinds.Phone.Key)
        {
            // '#' would start a URL fragment: #9110 must be dialled as tel:%239110.
            return "tel:" + Digits(value).Replace("#", "%23", StringComparison.Ordinal);
        }

        if (kindKey == ChannelKinds.Email.Key)
        {
            return value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? value : "mailto:" + value;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? value : null;
    }

    private static string Digits(string phone) => new([.. phone.Where(c => char.IsAsciiDigit(c) || c is '+' or '#' or '*')]);
}
