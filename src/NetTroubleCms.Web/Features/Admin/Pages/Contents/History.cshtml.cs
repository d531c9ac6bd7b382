using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;

namespace NetTroubleCms.Web.Features.Admin.Pages.Contents;

/// <summary>Versions of an item, a field-level diff of any two, and restoring an old version as a new draft.</summary>
public sealed class ContentsHistoryModel(ContentManager manager, NetTroubleCms.Content.Metadata.ContentDefinitionManager definitions, NetTroubleCms.Content.Fields.FieldTypes fieldTypes, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Item id.</summary>
    public string Id { get; private set; } = "";

    /// <summary>Item name.</summary>
    public string? DisplayText { get; private set; }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<(int Number, ContentItem Item)> Versions { get; private set; } = [];

    /// <summary>Older side of the diff (version id).</summary>
    [BindProperty(SupportsGet = true)]
    public string? A { get; set; }

    /// <summary>Newer side of the diff (version id).</summary>
    [BindProperty(SupportsGet = true)]
    public string? B { get; set; }

    /// <summary>The older version.</summary>
    public ContentItem? Before { get; private set; }

    /// <summary>The newer version.</summary>
    public ContentItem? After { get; private set; }

    /// <summary>Number of the older version.</summary>
    public int BeforeNumber { get; private set; }

    /// <summary>Number of the newer version.</summary>
    public int AfterNumber { get; private set; }

    /// <summary>Changed values.</summary>
    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];

    /// <summary>May restore.</summary>
    public bool CanRestore { get; private set; }

    /// <summary>Lists versions; compares the chosen two (by default the latest with the one before).</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Versions = await manager.GetVersionsAsync(id, cancellationToken);
        if (Versions.Count == 0)
        {
            return NotFound();
        }

        var current = Versions.FirstOrDefault(v => v.Item.Latest).Item ?? Versions[^1].Item;
        if (!await CanAsync(CmsPermissions.EditContent, current))
        {
            return Forbid();
        }

        Id = id;
        DisplayText = current.DisplayText;
        CanRestore = true;
        if (A is null && B is null && Versions.Count > 1)
        {
            (A, B) = (Versions[^2].Item.ContentItemVersionId, Versions[^1].Item.ContentItemVersionId);
        }

        var a = Versions.FirstOrDefault(v => v.Item.ContentItemVersionId == A);
        var b = Versions.FirstOrDefault(v => v.Item.ContentItemVersionId == B);
        if (a.Item is not null && b.Item is not null)
        {
            (Before, BeforeNumber, After, AfterNumber) = (a.Item, a.Number, b.Item, b.Number);
            Diff = JsonDiff.Compare(a.Item, b.Item, await definitions.LoadAsync(cancellationToken), fieldTypes);
        }

        return Page();
    }

    /// <summary>Makes the chosen version the new draft.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(string id, string versionId, CancellationToken cancellationToken)
    {
        var version = await manager.GetVersionAsync(versionId, cancellationToken);
        var latest = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (version is null || version.ContentItemId != id)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.EditContent, latest ?? version))
        {
            return Forbid();
        }

        var result = await manager.RestoreAsync(versionId, cancellationToken);
        StatusMessage = result.Succeeded
            ? t["古いバージョンを新しい下書きとして復元しました。確認してから公開してください。"]
            : string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"/admin/contents/{id}/edit");
    }
}
