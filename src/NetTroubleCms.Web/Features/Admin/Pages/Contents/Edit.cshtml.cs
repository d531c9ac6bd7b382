using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using ContentResult = NetTroubleCms.Content.Management.ContentResult;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Admin.Pages.Contents;

/// <summary>
/// The editor generated from the type definition, with the lifecycle buttons. The hidden latest version id makes a
/// save fail, instead of overwriting, when someone else saved the item in between.
/// </summary>
public sealed class ContentsEditModel(ContentManager manager, ContentEditorService editors, IContentStore store, ContentDefinitionManager definitions, PublishedSnapshotProvider snapshots, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>The form.</summary>
    public EditorModel? Editor { get; private set; }

    /// <summary>True when creating.</summary>
    public bool IsNew { get; private set; }

    /// <summary>Version the editor started from (posted back).</summary>
    [BindProperty]
    public string? LatestVersionId { get; set; }

    /// <summary>The version that is latest now, after a refused save.</summary>
    public string? CurrentLatestVersionId { get; private set; }

    /// <summary>Why the save was refused because of someone else's change.</summary>
    public string? Conflict { get; private set; }

    /// <summary>True when a published version exists.</summary>
    public bool HasPublished { get; private set; }

    /// <summary>Published URL path.</summary>
    public string? PublicPath { get; private set; }

    /// <summary>Scheduled publication, UTC.</summary>
    public DateTime? ScheduledUtc { get; private set; }

    /// <summary>Publish-later input (Japan time).</summary>
    [BindProperty]
    public string? PublishAt { get; set; }

    /// <summary>Permission flags for the buttons.</summary>
    public bool CanPublish { get; private set; }

    /// <summary>May preview.</summary>
    public bool CanPreview { get; private set; }

    /// <summary>May delete.</summary>
    public bool CanDelete { get; private set; }

    /// <summary>May clone.</summary>
    public bool CanClone { get; private set; }

    /// <summary>The other languages of this item's LocalizationSet.</summary>
    public IReadOnlyList<(string ContentItemId, string Culture, bool OutOfDate)> Translations { get; private set; } = [];

    /// <summary>Languages the set has no item in yet (offered as "create translation").</summary>
    public IReadOnlyList<string> MissingCultures { get; private set; } = [];

    /// <summary>The set's original when this item is a translation, for side-by-side reading.</summary>
    public ContentItem? Original { get; private set; }

    /// <summary>What the easy-Japanese check finds in this item (easy-Japanese items only).</summary>
    public IReadOnlyList<EasyJapaneseNote> EasyJapanese { get; private set; } = [];

    /// <summary>True when this translation was saved before the original's words last changed.</summary>
    public bool OutOfDate { get; private set; }

    /// <summary>Shows the editor.</summary>
    public async Task<IActionResult> OnGetAsync(string? id, string? type, CancellationToken cancellationToken)
    {
        var item = await LoadAsync(id, type, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.EditContent, item))
        {
            return Forbid();
        }

        Editor = await editors.ModelAsync(item, cancellationToken);
        if (Editor is null)
        {
            return NotFound();
        }

        LatestVersionId = IsNew ? null : item.ContentItemVersionId;
        await SetStateAsync(item, cancellationToken);
        return Page();
    }

    /// <summary>Save draft, publish, or publish later; or a form operation (add/move/remove) that only re-renders.</summary>
    public async Task<IActionResult> OnPostAsync(string? id, string? type, string? command, string? op, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(id, type, cancellationToken);
        if (stored is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.EditContent, stored))
        {
            return Forbid();
        }

        var source = await editors.ModelAsync(stored, cancellationToken);
        if (source is null)
        {
            return NotFound();
        }

        Editor = editors.Bind(source, Request.Form, op);
        await SetStateAsync(stored, cancellationToken);
        if (!string.IsNullOrEmpty(op) || Editor.Errors.Count > 0)
        {
            return Page();
        }

        var item = Editor.Item;
        var publish = command == "publish";
        if ((publish || command == "schedule") && !await CanAsync(CmsPermissions.PublishContent, stored))
        {
            return Forbid();
        }

        // A schedule belongs to one draft: any save other than "publish later" clears it, so an old date cannot publish newer edits.
        item.Content.Remove(ScheduledPublisher.PartName);
        if (command == "schedule")
        {
            if (!DateTime.TryParse(PublishAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                Editor.Errors["PublishAt"] = t["公開予約の日時を入力してください。"];
                return Page();
            }

            item.Content[ScheduledPublisher.PartName] = new JsonObject { ["ScheduledPublishUtc"] = ContentItem.FormatDate(ContentEditorService.FromEditorTime(local)) };
        }

        ContentResult result;
        if (IsNew)
        {
            result = await manager.CreateAsync(item, publish, cancellationToken);
        }
        else
        {
            result = publish
                ? await manager.SaveAndPublishAsync(item, LatestVersionId, cancellationToken)
                : await manager.SaveDraftAsync(item, LatestVersionId, cancellationToken);
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Member == "ContentItemVersionId")
                {
                    Conflict = error.Message;
                    CurrentLatestVersionId = (await store.GetAsync(stored.ContentItemId, VersionFilter.Latest, cancellationToken))?.ContentItemVersionId;
                }
                else
                {
                    Editor.Errors[error.Member] = error.Message;
                }
            }

            return Page();
        }

        StatusMessage = command switch
        {
            "publish" => t["公開しました。公開サイトに反映されます。"],
            "schedule" => t["下書きを保存し、公開を予約しました。"],
            _ => t["下書きを保存しました（公開サイトはまだ変わりません）。"],
        };
        return Redirect($"/admin/contents/{result.Item!.ContentItemId}/edit");
    }

    /// <summary>Withdraws the published version.</summary>
    public Task<IActionResult> OnPostUnpublishAsync(string id, CancellationToken cancellationToken) =>
        LifecycleAsync(id, CmsPermissions.PublishContent, manager.UnpublishAsync, "非公開にしました。", cancellationToken);

    /// <summary>Throws the draft away.</summary>
    public Task<IActionResult> OnPostDiscardAsync(string id, CancellationToken cancellationToken) =>
        LifecycleAsync(id, CmsPermissions.EditContent, manager.DiscardDraftAsync, "下書きを破棄しました。", cancellationToken);

    /// <summary>Copies the item into a new draft and opens it.</summary>
    public async Task<IActionResult> OnPostCloneAsync(string id, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.CloneContent, item))
        {
            return Forbid();
        }

        var result = await manager.CloneAsync(id, cancellationToken);
        StatusMessage = result.Succeeded ? t["複製しました。これは新しい下書きです。"] : string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"/admin/contents/{(result.Succeeded ? result.Item!.ContentItemId : id)}/edit");
    }

    private async Task<IActionResult> LifecycleAsync(string id, string permission, Func<string, CancellationToken, Task<ContentResult>> action, string done, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (!await CanAsync(permission, item))
        {
            return Forbid();
        }

        var result = await action(id, cancellationToken);
        StatusMessage = result.Succeeded ? t[done] : string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"/admin/contents/{id}/edit");
    }

    /// <summary>Creates the item's translation into <paramref name="culture"/> as a draft, from the original, and opens it.</summary>
    public async Task<IActionResult> OnPostTranslateAsync(string id, string culture, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
        if (item is null || !SiteCultures.IsOffered(culture))
        {
            return NotFound();
        }

        var defs = await definitions.LoadAsync(cancellationToken);
        var original = await manager.GetOriginalAsync(item, VersionFilter.Latest, cancellationToken) ?? item;
        var set = LocalizationSets.SetOf(original, defs);
        if (set is null || !await CanAsync(CmsPermissions.EditContent, original))
        {
            return Forbid();
        }

        if ((await manager.GetTranslationsAsync(set, VersionFilter.Latest, cancellationToken)).FirstOrDefault(m => LocalizationSets.CultureOf(m, defs) == culture) is { } existing)
        {
            return Redirect($"/admin/contents/{existing.ContentItemId}/edit");
        }

        // The original's words are the starting text; its facts are the set's and are not copied.
        var translation = original.Clone();
        translation.ContentItemId = "";
        translation.Content.Remove(ScheduledPublisher.PartName);
        LocalizationSets.PartOf(translation, defs)!["Culture"] = culture;
        var route = defs.GetType(translation.ContentType)?.GetPartOfType("AutoroutePart")?.Name;
        if (route is not null && translation.Part(route) is { } path && path["Path"]?.ToString() is { Length: > 0 } p)
        {
            path["Path"] = SiteCultures.Get(culture).Prefix.TrimStart('/') + "/" + p;
        }

        translation.Owner = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = await manager.CreateAsync(translation, publish: false, cancellationToken);
        StatusMessage = result.Succeeded ? t["翻訳の下書きを作成しました。原文を見ながら訳してください。"] : string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"/admin/contents/{(result.Succeeded ? result.Item!.ContentItemId : id)}/edit");
    }

    private async Task<ContentItem?> LoadAsync(string? id, string? type, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(id))
        {
            // A translation is edited with its set's facts in place; the save writes them back to the original.
            return await manager.GetAsync(id, VersionFilter.Latest, cancellationToken) is { } stored
                ? await manager.ComposeAsync(stored, VersionFilter.Latest, cancellationToken)
                : null;
        }

        if (string.IsNullOrEmpty(type))
        {
            return null;
        }

        IsNew = true;
        var item = manager.New(type);
        item.Owner = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        item.ContentItemId = "";
        return item;
    }

    private async Task SetStateAsync(ContentItem item, CancellationToken cancellationToken)
    {
        var published = IsNew ? null : await store.GetAsync(item.ContentItemId, VersionFilter.Published, cancellationToken);
        HasPublished = published is not null;
        PublicPath = published?.Path;
        ScheduledUtc = ScheduledPublisher.ScheduledUtc(item);
        PublishAt ??= ScheduledUtc is DateTime s ? ContentEditorService.ToEditorTime(ContentItem.FormatDate(s)) : null;
        CanPublish = await CanAsync(CmsPermissions.PublishContent, item);
        CanPreview = await CanAsync(CmsPermissions.PreviewContent, item);
        CanDelete = await CanAsync(CmsPermissions.DeleteContent, item);
        CanClone = await CanAsync(CmsPermissions.CloneContent, item);
        if (IsNew)
        {
            return;
        }

        var defs = await definitions.LoadAsync(cancellationToken);
        if (LocalizationSets.SetOf(item, defs) is not { } set)
        {
            return;
        }

        var members = await manager.GetTranslationsAsync(set, VersionFilter.Latest, cancellationToken);
        Original = await manager.GetOriginalAsync(item, VersionFilter.Latest, cancellationToken);
        var original = Original ?? item;
        var stored = members.FirstOrDefault(m => m.ContentItemId == item.ContentItemId) ?? item;
        OutOfDate = Original is not null && LocalizationSets.IsOutOfDate(stored, Original, defs);
        Translations = [.. members.Where(m => m.ContentItemId != item.ContentItemId)
            .Select(m => (m.ContentItemId, LocalizationSets.CultureOf(m, defs) ?? "", m.ContentItemId != original.ContentItemId && LocalizationSets.IsOutOfDate(m, original, defs)))];
        var present = members.Select(m => LocalizationSets.CultureOf(m, defs)).ToHashSet(StringComparer.Ordinal);
        MissingCultures = [.. SiteCultures.Codes.Where(c => !present.Contains(c))];
        if (LocalizationSets.CultureOf(item, defs) == EasyJapaneseCheck.Culture)
        {
            // Checked as the editor sees it now (unsaved input after a refused save included); published agency names
            // are the proper names that may keep their hard words.
            var snapshot = await snapshots.GetAsync(cancellationToken);
            EasyJapanese = EasyJapaneseReport.For([Editor?.Item ?? item], snapshot.OfType("Agency"), defs, t);
        }
    }
}
