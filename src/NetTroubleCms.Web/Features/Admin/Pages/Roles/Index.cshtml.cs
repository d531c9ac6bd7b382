using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;

namespace NetTroubleCms.Web.Features.Admin.Pages.Roles;

/// <summary>Roles and their permissions (global ones and per-type ones for Securable types).</summary>
[RequirePermission(CmsPermissions.ManageRoles)]
public sealed class RolesIndexModel(RolesStore roles, ContentDefinitionManager definitions, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>All roles.</summary>
    public RolesDocument Document { get; private set; } = new();

    /// <summary>The role being edited.</summary>
    public RoleEntry? Role { get; private set; }

    /// <summary>What the role amounts to after implications.</summary>
    public IReadOnlySet<string> Effective { get; private set; } = new HashSet<string>();

    /// <summary>Permissions grouped for display.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Permissions)> Groups { get; private set; } = [];

    /// <summary>The content definitions, for type names in permission labels.</summary>
    public ContentDefinitionDocument Definitions { get; private set; } = new();

    /// <summary>Shows.</summary>
    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) || name is null ? Page() : NotFound();

    /// <summary>Replaces the role's permissions.</summary>
    public async Task<IActionResult> OnPostAsync(string? name, string? description, string[] permissions, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        var known = Groups.SelectMany(g => g.Permissions).ToHashSet(StringComparer.Ordinal);
        Role!.Description = description;
        Role.Permissions = [.. permissions.Where(known.Contains).Distinct(StringComparer.Ordinal)];
        await roles.SaveAsync(Document, cancellationToken);
        StatusMessage = t["ロール「{0}」の権限を保存しました。", Role.Name];
        return Redirect($"/admin/roles/{Role.Name}");
    }

    private async Task<bool> LoadAsync(string? name, CancellationToken cancellationToken)
    {
        Document = await roles.LoadAsync(cancellationToken);
        Definitions = await definitions.LoadAsync(cancellationToken);
        var securable = Definitions.ContentTypes.Where(x => x.TypeSettings.Securable).ToList();
        Groups = [(t["全体"], CmsPermissions.Global), .. securable.Select(s => ((string)t["種類「{0}」", s.DisplayName ?? s.Name], CmsPermissions.ForType(s.Name)))];
        Role = name is null ? null : Document.Get(name);
        Effective = Role is null ? new HashSet<string>() : CmsPermissions.Expand(Role.Permissions, [.. securable.Select(s => s.Name)]);
        return Role is not null;
    }
}
