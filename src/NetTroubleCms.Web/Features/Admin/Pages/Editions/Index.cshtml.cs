using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Editions;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;

namespace NetTroubleCms.Web.Features.Admin.Pages.Editions;

/// <summary>
/// 地域版の確認: where the site's own layer and a newer base guide disagree. Each conflict is settled by a person,
/// either taking the base's value (a draft, or published for those who may publish) or keeping the local one.
/// </summary>
public sealed class EditionsIndexModel(
    EditionService editions,
    ContentManager manager,
    ContentDefinitionManager definitions,
    AuditTrail audit,
    IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>A conflict as shown.</summary>
    public sealed record Row(EditionConflict Conflict, string TypeName, string FieldLabel, string? Old, string? Local, string? New);

    /// <summary>Open conflicts.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The base guide, when there is one.</summary>
    public BaseEdition? Base { get; private set; }

    /// <summary>Shows the conflicts.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await CanAsync(CmsPermissions.EditContent))
        {
            return Denied();
        }

        Base = await editions.GetBaseAsync(cancellationToken);
        var defs = await definitions.LoadAsync(cancellationToken);
        Rows = [.. (await editions.GetConflictsAsync(cancellationToken)).Select(c => new Row(c, AdminNames.Type(c.ContentType, defs), FieldLabel(c, defs), Show(c.Old, c.HasOld), Show(c.Local, c.HasLocal), Show(c.New, c.HasNew)))];
        return Page();
    }

    /// <summary>「基本ガイドの値にする」 or 「地域の値のままにする」.</summary>
    public async Task<IActionResult> OnPostResolveAsync(string id, string choice, CancellationToken cancellationToken)
    {
        var conflict = (await editions.GetConflictsAsync(cancellationToken)).FirstOrDefault(c => c.Id == id);
        if (conflict is null)
        {
            StatusMessage = t["この確認項目はすでに解決されています。"];
            return RedirectToPage();
        }

        var item = await manager.GetAsync(conflict.ContentItemId, VersionFilter.Latest, cancellationToken);
        if (item is null || !await CanAsync(CmsPermissions.EditContent, item))
        {
            return Denied();
        }

        var title = item.DisplayText ?? item.ContentItemId;
        if (choice == "base")
        {
            if (conflict.Kind == EditionConflictKind.Removed && !conflict.HasNew)
            {
                // The base removed the item: taking the base's side removes it here too.
                if (!await CanAsync(CmsPermissions.DeleteContent, item))
                {
                    return Denied();
                }

                var removed = await manager.RemoveAsync(item.ContentItemId, cancellationToken);
                if (!removed.Succeeded)
                {
                    StatusMessage = t["変更できませんでした: {0}", removed.Errors[0].Message];
                    return RedirectToPage();
                }

                StatusMessage = t["「{0}」を削除しました（基本ガイドに合わせました）。", title];
            }
            else if (conflict.Kind == EditionConflictKind.Removed)
            {
                // The site had taken the item down and the base changed it: nothing to apply here but the decision.
                StatusMessage = t["「{0}」は非公開のままです。必要なら内容を確認して公開してください。", title];
            }
            else
            {
                if (!EditionService.ApplyBaseValue(item, conflict))
                {
                    StatusMessage = t["この項目の形が変わっているため、自動では直せません。編集画面で直してください。"];
                    return RedirectToPage();
                }

                var publish = await CanAsync(CmsPermissions.PublishContent, item);
                var saved = publish ? await manager.SaveAndPublishAsync(item, null, cancellationToken) : await manager.SaveDraftAsync(item, null, cancellationToken);
                if (!saved.Succeeded)
                {
                    StatusMessage = t["変更できませんでした: {0}", saved.Errors[0].Message];
                    return RedirectToPage();
                }

                StatusMessage = publish
                    ? t["「{0}」を基本ガイドの値にして公開しました。", title]
                    : t["「{0}」を基本ガイドの値にした下書きを作りました。公開すると反映されます。", title];
            }
        }
        else
        {
            StatusMessage = t["「{0}」は地域の値のままにしました。", title];
        }

        await editions.CloseConflictAsync(id, cancellationToken);
        await audit.AddAsync(new AuditEvent
        {
            Category = "Edition",
            Name = choice == "base" ? "EditionConflictTookBase" : "EditionConflictKeptLocal",
            ContentItemId = item.ContentItemId,
            ContentType = item.ContentType,
            DisplayText = item.DisplayText,
            UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            UserName = User.Identity?.Name,
            Snapshot = new JsonObject
            {
                ["Kind"] = conflict.Kind.ToString(),
                ["Path"] = conflict.Path,
                ["Old"] = conflict.Old?.DeepClone(),
                ["Local"] = conflict.Local?.DeepClone(),
                ["New"] = conflict.New?.DeepClone(),
                ["Missing"] = conflict.Missing,
            }.ToJsonString(),
        }, cancellationToken);
        return RedirectToPage();
    }

    private string FieldLabel(EditionConflict c, ContentDefinitionDocument defs)
    {
        if (c.Kind == EditionConflictKind.Removed)
        {
            return t["項目全体"];
        }

        var segments = c.Path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Contains('[', StringComparison.Ordinal) ? s[..s.IndexOf('[', StringComparison.Ordinal)] : s).ToList();
        var labels = new List<string>();
        for (var i = 0; i < segments.Count; i++)
        {
            // Part and field names are the same on every type that attaches the part: look the pair up anywhere.
            var attachment = defs.ContentTypes.SelectMany(ty => ty.ContentTypePartDefinitionRecords).FirstOrDefault(a => a.Name == segments[i]);
            var part = defs.ContentParts.FirstOrDefault(p => p.Name == (attachment?.PartName ?? segments[i]));
            if (part is not null && i + 1 < segments.Count && part.GetField(segments[i + 1]) is { } field)
            {
                labels.Add(field.DisplayName);
                i++;
            }
            else if (attachment?.Settings["ContentTypePartSettings"]?["DisplayName"]?.ToString() is { Length: > 0 } partName)
            {
                labels.Add(partName);
            }
        }

        return labels.Count > 0 ? string.Join(" › ", labels) : c.Path;
    }

    private string? Show(JsonNode? value, bool has) => !has
        ? t["（なし）"]
        : value switch
        {
            null => t["（空）"],
            JsonValue v => v.ToString(),
            _ => value.ToJsonString(),
        };
}
