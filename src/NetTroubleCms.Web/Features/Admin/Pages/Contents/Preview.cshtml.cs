using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Features.Site;

namespace NetTroubleCms.Web.Features.Admin.Pages.Contents;

/// <summary>
/// The latest version rendered by the public theme, as if it were published: the published snapshot with this one
/// item swapped for its draft, read into the guide model the same way the public site does.
/// </summary>
public sealed class ContentsPreviewModel(ContentManager manager, PublishedSnapshotProvider snapshots, ThemeRenderer theme, TimeProvider clock, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Renders the preview.</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.PreviewContent, item))
        {
            return Forbid();
        }

        var published = await snapshots.GetAsync(cancellationToken);
        var items = published.Items.Where(i => i.ContentItemId != id).Append(item).ToList();
        var snapshot = new PublishedSnapshot(items, published.Definitions, published.Settings, "preview-" + item.ContentItemVersionId, clock.GetUtcNow().UtcDateTime);
        var culture = GuideReader.CultureOf(item);
        var guide = GuideReader.For(snapshot, culture);
        object? model = item.ContentType switch
        {
            "Agency" => guide.AgenciesById.GetValueOrDefault(item.ContentItemId),
            "DecisionNode" => guide.Nodes.GetValueOrDefault(item.ContentItemId),
            _ => null,
        };
        var page = new PageInfo($"{item.DisplayText} | {guide.Texts.Title}", guide.Culture, guide.Culture == "en" ? "en" : "ja", guide.Texts.Subtitle)
        {
            PageType = item.ContentType.ToLowerInvariant(),
        };
        var html = model is null
            ? await theme.RenderPageAsync(["Home"], new { Guide = guide }, page with { PageType = "home" }, new { Guide = guide })
            : await theme.RenderPageAsync([$"Content-{item.ContentType}", "Content"], new { Item = model, ContentItem = item, Guide = guide }, page, new { Guide = guide });
        return Content(AddBanner(html), "text/html; charset=utf-8");
    }

    private string AddBanner(string html)
    {
        var banner = $"""<div role="note" style="background:#fff3cd;border:2px solid #8a6d00;color:#1a1a1a;padding:.5rem 1rem;font-weight:700">{System.Net.WebUtility.HtmlEncode(t["プレビュー：まだ公開されていない下書きの表示です。"])}</div>""";
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var end = body < 0 ? -1 : html.IndexOf('>', body);
        return end < 0 ? banner + html : html.Insert(end + 1, banner);
    }
}
