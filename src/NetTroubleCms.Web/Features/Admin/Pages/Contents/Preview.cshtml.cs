using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
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

        // The draft as readers would see it (a translation with its set's facts), swapped into the published snapshot
        // and rendered by the public site's own page renderer.
        item = await manager.ComposeAsync(item, VersionFilter.Latest, cancellationToken);
        var published = await snapshots.GetAsync(cancellationToken);
        var items = published.Items.Where(i => i.ContentItemId != id).Append(item).ToList();
        var snapshot = new PublishedSnapshot(items, published.Definitions, published.Settings, "preview-" + item.ContentItemVersionId, clock.GetUtcNow().UtcDateTime);
        var rendered = await SiteEndpoints.RenderAsync(snapshot.PathOf(item), HttpContext, theme, snapshot);
        if (rendered is not ContentHttpResult { ResponseContent: { } html })
        {
            return NotFound();
        }

        return Content(AddBanner(html), "text/html; charset=utf-8");
    }

    private string AddBanner(string html)
    {
        // Styled by the theme's stylesheet: the admin's Content-Security-Policy allows no inline style attributes.
        var banner = $"""<div role="note" class="preview-bar">{System.Net.WebUtility.HtmlEncode(t["プレビュー：まだ公開されていない下書きの表示です。"])}</div>""";
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var end = body < 0 ? -1 : html.IndexOf('>', body);
        return end < 0 ? banner + html : html.Insert(end + 1, banner);
    }
}
