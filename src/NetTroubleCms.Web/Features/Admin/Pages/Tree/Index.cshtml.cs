using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Admin.Pages.Tree;

/// <summary>
/// The whole decision tree of one language: add a child, move a node, reorder siblings, attach and order agencies,
/// and the problems to fix before publishing. Every change is saved as a draft of the nodes concerned.
/// </summary>
[RequirePermission(CmsPermissions.ListContent)]
public sealed class TreeIndexModel(IContentStore store, ContentManager manager, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Culture shown.</summary>
    [BindProperty(SupportsGet = true)]
    public string Culture { get; set; } = SiteCultures.Default;

    /// <summary>The tree.</summary>
    public DecisionTree? Tree { get; private set; }

    /// <summary>Nodes with unpublished changes.</summary>
    public int DraftCount { get; private set; }

    /// <summary>May publish.</summary>
    public bool CanPublish { get; private set; }

    /// <summary>Shows the tree.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Culture = SiteCultures.IsOffered(Culture) ? Culture : SiteCultures.Default;
        Tree = await DecisionTree.LoadAsync(store, Culture, cancellationToken);
        DraftCount = Tree.Nodes.Values.Count(n => n.IsDraft);
        CanPublish = await CanAsync(CmsPermissions.PublishContent);
    }

    /// <summary>Moves or removes a child of a node.</summary>
    public Task<IActionResult> OnPostChildAsync(string parentId, int index, string move, CancellationToken cancellationToken) =>
        ChangeAsync(parentId, "Children", ids => ListEdits.Apply(ids, move, index), cancellationToken);

    /// <summary>Moves or removes an agency of a node.</summary>
    public Task<IActionResult> OnPostAgencyAsync(string nodeId, int index, string move, CancellationToken cancellationToken) =>
        ChangeAsync(nodeId, "Agencies", ids => ListEdits.Apply(ids, move, index), cancellationToken);

    /// <summary>Adds an agency to a node.</summary>
    public Task<IActionResult> OnPostAttachAgencyAsync(string nodeId, string agencyId, CancellationToken cancellationToken) =>
        ChangeAsync(nodeId, "Agencies", ids =>
        {
            if (!ids.Contains(agencyId))
            {
                ids.Add(agencyId);
            }
        }, cancellationToken);

    /// <summary>Creates a node (as a draft) under a parent, or as a new entry situation.</summary>
    public async Task<IActionResult> OnPostAddChildAsync(string? parentId, string title, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            StatusMessage = t["状況の文言を入力してください。"];
            return Back();
        }

        var item = manager.New(DecisionTree.NodeType);
        item.Owner = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (!await CanAsync(CmsPermissions.EditContent, item))
        {
            return Forbid();
        }

        item.Content["TitlePart"] = new JsonObject { ["Title"] = title.Trim() };
        item.Content[DecisionTree.NodeType] = new JsonObject { ["IsEntry"] = new JsonObject { ["Value"] = string.IsNullOrEmpty(parentId) } };
        // A new situation starts as an original; translators add its words in each language later.
        item.Content["LocalizationPart"] = new JsonObject { ["Culture"] = SiteCultures.Default, ["LocalizationSet"] = IdGenerator.NewId() };
        var created = await manager.CreateAsync(item, publish: false, cancellationToken);
        if (!created.Succeeded)
        {
            StatusMessage = string.Join(" ", created.Errors.Select(e => e.Message));
            return Back();
        }

        if (!string.IsNullOrEmpty(parentId))
        {
            return await ChangeAsync(parentId, "Children", ids => ids.Add(created.Item!.ContentItemId), cancellationToken);
        }

        StatusMessage = t["「{0}」を下書きとして追加しました。", title];
        return Back();
    }

    /// <summary>Detaches a node from every parent and attaches it under <paramref name="parentId"/>.</summary>
    public async Task<IActionResult> OnPostMoveHereAsync(string parentId, string childId, CancellationToken cancellationToken)
    {
        var tree = await DecisionTree.LoadAsync(store, Culture, cancellationToken);
        if (!tree.Nodes.ContainsKey(parentId) || !tree.Nodes.ContainsKey(childId))
        {
            return NotFound();
        }

        foreach (var parent in tree.Nodes.Values.Where(n => n.Children.Contains(childId) && n.Id != parentId))
        {
            var result = await ChangeAsync(parent.Id, "Children", ids => ids.RemoveAll(i => i == childId), cancellationToken);
            if (result is not RedirectResult)
            {
                return result;
            }
        }

        return await ChangeAsync(parentId, "Children", ids =>
        {
            if (!ids.Contains(childId))
            {
                ids.Add(childId);
            }
        }, cancellationToken);
    }

    /// <summary>Publishes every node draft of the language.</summary>
    public async Task<IActionResult> OnPostPublishAllAsync(CancellationToken cancellationToken)
    {
        var tree = await DecisionTree.LoadAsync(store, Culture, cancellationToken);
        var count = 0;
        foreach (var node in tree.Nodes.Values.Where(n => n.IsDraft))
        {
            if (await CanAsync(CmsPermissions.PublishContent, node.Item) && (await manager.PublishAsync(node.Id, cancellationToken)).Succeeded)
            {
                count++;
            }
        }

        StatusMessage = t["{0} 件を公開しました。", count];
        return Back();
    }

    private async Task<IActionResult> ChangeAsync(string nodeId, string field, Action<List<string>> change, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(nodeId, VersionFilter.Latest, cancellationToken);
        if (item is null || item.ContentType != DecisionTree.NodeType)
        {
            return NotFound();
        }

        if (!await CanAsync(CmsPermissions.EditContent, item))
        {
            return Forbid();
        }

        var expected = item.ContentItemVersionId;
        var tree = await DecisionTree.LoadAsync(store, Culture, cancellationToken);
        if (!tree.Nodes.TryGetValue(nodeId, out var node))
        {
            // The structure lives on the original; a translation's id is not a node of the tree.
            return NotFound();
        }

        var ids = (field == "Children" ? node.Children : node.Agencies).ToList();
        change(ids);
        tree.SetLinks(item, field, ids);
        var result = await manager.SaveDraftAsync(item, expected, cancellationToken);
        StatusMessage = result.Succeeded
            ? t["「{0}」を下書き保存しました。確認後に公開してください。", item.DisplayText ?? nodeId]
            : string.Join(" ", result.Errors.Select(e => e.Message));
        return Back();
    }

    private RedirectResult Back() => Redirect("/admin/tree?culture=" + Uri.EscapeDataString(Culture));
}
