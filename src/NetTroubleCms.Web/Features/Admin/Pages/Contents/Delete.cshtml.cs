using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;

namespace NetTroubleCms.Web.Features.Admin.Pages.Contents;

/// <summary>Delete with a confirmation step (soft delete: history stays).</summary>
public sealed class ContentsDeleteModel(ContentManager manager, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Item id.</summary>
    public string Id { get; private set; } = "";

    /// <summary>Item name.</summary>
    public string DisplayText { get; private set; } = "";

    /// <summary>Asks.</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.DeleteContent, item))
        {
            return Forbid();
        }

        (Id, DisplayText) = (id, item.DisplayText ?? id);
        return Page();
    }

    /// <summary>Deletes.</summary>
    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.DeleteContent, item))
        {
            return Forbid();
        }

        var result = await manager.RemoveAsync(id, cancellationToken);
        StatusMessage = result.Succeeded ? t["「{0}」を削除しました。", item.DisplayText ?? id] : string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"/admin/contents?type={item.ContentType}");
    }
}
