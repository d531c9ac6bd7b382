using System.ComponentModel;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>One page of a list.</summary>
[Description("One page of results. `totalItems` counts every match, not just this page. A page holds at most `pageSize` items and at most about 56 KB, so a page of large items (nodes with their agencies, agencies with long texts) can hold fewer: follow `next`, or count pages with `pageCount`, rather than dividing `totalItems` by `pageSize`.")]
public sealed record PageResponse<T>(
    [property: Description("The items on this page.")] IReadOnlyList<T> Items,
    [property: Description("Number of matching items across all pages.")] int TotalItems,
    [property: Description("1-based page number.")] int Page,
    [property: Description("Requested page size.")] int PageSize)
{
    /// <summary>Number of pages.</summary>
    [Description("Number of pages (at least 1). Pages past it are empty.")]
    public int PageCount { get; init; } = 1;

    /// <summary>URL of the next page, or null on the last.</summary>
    [Description("URL of the next page with the same filters, or null on the last.")]
    public string? Next { get; init; }
}

/// <summary>An agency.</summary>
[Description("A help agency (相談機関) with its contact channels.")]
public sealed record AgencyResponse(
    [property: Description("Content item id (26 characters). Stable across imports; each translation has its own id.")] string Id,
    [property: Description("Name of the agency in the shown culture.")] string Title,
    [property: Description("Operating or supervising body (e.g. 厚生労働省), when the leaflet names one.")] string? Operator,
    [property: Description("Role badge shown above the name in the leaflet (e.g. 迅速な助言).")] string? Badge,
    [property: Description("Short phrase beside the name.")] string? Tagline,
    [property: Description("Description, verbatim from the leaflet.")] string? Description,
    [property: Description("Note (※…).")] string? Note,
    [property: Description("Website URL.")] string? WebsiteUrl,
    [property: Description("Website link text.")] string? WebsiteText,
    [property: Description("Path of the agency page on this site, without the leading slash.")] string? Path,
    [property: Description("Ways to contact the agency, in leaflet order.")] IReadOnlyList<ChannelResponse> Channels,
    [property: Description("Culture of the text shown: ja-JP, en or ja-x-easy.")] string Culture,
    [property: Description("True when no translation exists for the requested culture and the Japanese original is shown.")] bool IsFallback,
    [property: Description("Id shared by every translation of this agency (Orchard LocalizationSet).")] string? LocalizationSet,
    [property: Description("True when this translation was last saved before the Japanese original's words changed. Phone numbers, URLs and channels are shared by every language and are always current.")] bool TranslationOutOfDate)
{
    /// <summary>True for the region's own entries.</summary>
    [Description("True when the agency is this site's own (regional) entry, not part of the base guide the site builds on. Always false on a site without a base guide.")]
    public bool Local { get; init; }
}

/// <summary>One contact channel of an agency.</summary>
[Description("A way to contact an agency: phone, website, web form, e-mail, chat, SNS or in person.")]
public sealed record ChannelResponse(
    [property: Description("Content item id of the channel inside the agency's Channels bag.")] string? Id,
    [property: Description("Id of the agency the channel belongs to.")] string AgencyId,
    [property: Description("Name of that agency in the shown culture.")] string AgencyTitle,
    [property: Description("Kind as stored (対面, 電話, メール, チャット, SNS, Webフォーム, Webサイト).")] string Kind,
    [property: Description("Stable kind key: in-person, phone, email, chat, sns, webform, website or other.")] string KindKey,
    [property: Description("Phone number, URL, address or account, as printed.")] string Value,
    [property: Description("Display text, when it differs from the value.")] string? Label,
    [property: Description("Opening hours, only when confirmed from a source.")] string? Hours,
    [property: Description("Notes.")] string? Notes,
    [property: Description("Link that opens the channel: tel:, mailto: or https URL (# in phone numbers escaped as %23).")] string? Href,
    [property: Description("True for 0570 NaviDial numbers, which are not free and not reachable from some phone plans.")] bool IsNaviDial,
    [property: Description("Page where the channel was verified.")] string? SourceUrl,
    [property: Description("Date the channel was last verified (ISO-8601), when known.")] string? LastVerified,
    [property: Description("Culture of the text shown.")] string Culture,
    [property: Description("True when the Japanese original is shown for a missing translation.")] bool IsFallback);

/// <summary>A node of the decision tree.</summary>
[Description("A situation or question of the decision tree, with its recommended agencies and child situations.")]
public sealed record NodeResponse(
    [property: Description("Content item id.")] string Id,
    [property: Description("Situation or question text.")] string Title,
    [property: Description("Path of the node page, without the leading slash.")] string? Path,
    [property: Description("True for the entry situations at the top of the leaflet.")] bool IsEntry,
    [property: Description("True when the node leads to agencies only (no further question).")] bool IsOutcome,
    [property: Description("Label on the arrow to the agencies (e.g. 「弁護士 または」).")] string? ArrowLabel,
    [property: Description("Editor's note.")] string? Note,
    [property: Description("Culture of the text shown.")] string Culture,
    [property: Description("True when the Japanese original is shown for a missing translation.")] bool IsFallback,
    [property: Description("Recommended agencies, in order, fully resolved.")] IReadOnlyList<AgencyResponse> Agencies,
    [property: Description("Child situations, in order, each with its own subtree. Empty at outcomes; cycles are cut.")] IReadOnlyList<NodeResponse> Children,
    [property: Description("True when this translation was last saved before the Japanese original's words changed. The tree's links are shared by every language.")] bool TranslationOutOfDate);

/// <summary>The whole guide, or for a guide too big for one answer its index.</summary>
[Description("The whole guide in one culture: leaflet texts, the decision tree from its entries down, and every agency. A guide too big for one answer (`complete: false`) answers with its texts and the index of its entry situations instead; each situation's tree is then read in pages from `/api/v1/guide/situations/{key}`.")]
public sealed record GuideResponse(
    [property: Description("Culture requested (after normalisation).")] string Culture,
    [property: Description("True when any text shown is a Japanese fallback for a missing translation.")] bool HasFallback,
    [property: Description("The leaflet's own texts (title, subtitle, footnotes, emergency numbers...).")] GuideTexts Texts,
    [property: Description("Entry situations in leaflet order, each with children and agencies resolved. Empty when `complete` is false.")] IReadOnlyList<NodeResponse> Entries,
    [property: Description("Every agency in leaflet order. Empty when `complete` is false: page through `/api/v1/agencies` instead.")] IReadOnlyList<AgencyResponse> Agencies,
    [property: Description("True when `entries` hold the whole tree and `agencies` every agency. False for a guide too big for one answer: read the tree per situation from `situations`.")] bool Complete,
    [property: Description("The entry situations with links to their trees in pages (50 a page; `page` selects the page). Present in both forms.")] PageResponse<GuideSituationResponse> Situations);

/// <summary>An entry situation: a top-level branch of the tree.</summary>
[Description("An entry situation (a top-level branch of the decision tree) and where its tree is read in pages.")]
public sealed record GuideSituationResponse(
    [property: Description("Key of the situation in URLs: its page path without the culture prefix and `guide/` (e.g. `trouble`).")] string Key,
    [property: Description("Content item id of the entry node.")] string Id,
    [property: Description("Situation text.")] string Title,
    [property: Description("Path of the entry node's page, without the leading slash.")] string? Path,
    [property: Description("True when the Japanese original is shown for a missing translation.")] bool IsFallback,
    [property: Description("Nodes in the situation's tree, the entry included (a node reached by two paths counts on each).")] int NodeCount,
    [property: Description("Pages of `/api/v1/guide/situations/{key}`.")] int PageCount,
    [property: Description("URL of the first page of the situation's tree.")] string Href);

/// <summary>A node of a situation's tree, flat, as one page of it lists them.</summary>
[Description("A node of a situation's tree. Nodes come in reading order (pre-order): each after its parent, a node's subtree before its next sibling.")]
public sealed record GuideTreeNodeResponse(
    [property: Description("Content item id.")] string Id,
    [property: Description("Situation or question text.")] string Title,
    [property: Description("Path of the node page, without the leading slash.")] string? Path,
    [property: Description("True for the entry situation (depth 0).")] bool IsEntry,
    [property: Description("True when the node leads to agencies only (no further question).")] bool IsOutcome,
    [property: Description("Label on the arrow to the agencies (e.g. 「弁護士 または」).")] string? ArrowLabel,
    [property: Description("Editor's note.")] string? Note,
    [property: Description("Culture of the text shown.")] string Culture,
    [property: Description("True when the Japanese original is shown for a missing translation.")] bool IsFallback,
    [property: Description("True when this translation was last saved before the Japanese original's words changed.")] bool TranslationOutOfDate,
    [property: Description("Depth below the entry situation (0 for the entry).")] int Depth,
    [property: Description("Id of the parent node (null for the entry). The parent may be on an earlier page.")] string? ParentId,
    [property: Description("Ids of the child nodes, in order; they follow in reading order, on this page or the next ones. Cycles are cut.")] IReadOnlyList<string> ChildIds,
    [property: Description("Ids of the recommended agencies, in order; each is in the page's `agencies`.")] IReadOnlyList<string> AgencyIds);

/// <summary>One page of a situation's tree.</summary>
[Description("One page of an entry situation's tree: its nodes in reading order and every agency they recommend, once. Pages are cut by size, so their node counts differ.")]
public sealed record GuideSituationPageResponse(
    [property: Description("Culture requested (after normalisation).")] string Culture,
    [property: Description("True when any node or agency on this page is a Japanese fallback for a missing translation.")] bool HasFallback,
    [property: Description("The situation.")] GuideSituationResponse Situation,
    [property: Description("1-based page number.")] int Page,
    [property: Description("Number of pages.")] int PageCount,
    [property: Description("The page's nodes in reading order (empty past the last page).")] IReadOnlyList<GuideTreeNodeResponse> Nodes,
    [property: Description("Every agency the page's nodes recommend, once, in order of first mention.")] IReadOnlyList<AgencyResponse> Agencies,
    [property: Description("URL of the previous page, or null on the first.")] string? Previous,
    [property: Description("URL of the next page, or null on the last.")] string? Next);
