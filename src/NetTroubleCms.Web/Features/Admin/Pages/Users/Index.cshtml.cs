using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Users;

namespace NetTroubleCms.Web.Features.Admin.Pages.Users;

/// <summary>User list and the form to add a user.</summary>
[RequirePermission(CmsPermissions.ManageUsers)]
public sealed class UsersIndexModel(UserAdminService users, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Users.</summary>
    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    /// <summary>Roles to choose from.</summary>
    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    /// <summary>Problems with the new user.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>New user name.</summary>
    [BindProperty]
    public string NewUserName { get; set; } = "";

    /// <summary>New user's e-mail.</summary>
    [BindProperty]
    public string? NewEmail { get; set; }

    /// <summary>New user's password.</summary>
    [BindProperty]
    public string NewPassword { get; set; } = "";

    /// <summary>New user's roles.</summary>
    [BindProperty]
    public List<string> NewRoles { get; set; } = ["Editor"];

    /// <summary>Lists.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Adds a user.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var known = await users.RoleNamesAsync(cancellationToken);
        var result = await users.CreateAsync(NewUserName.Trim(), NewEmail?.Trim(), NewPassword, NewRoles.Where(known.Contains));
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
            await LoadAsync(cancellationToken);
            return Page();
        }

        StatusMessage = t["ユーザー「{0}」を追加しました。", NewUserName];
        return Redirect("/admin/users");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Rows = await users.ListAsync(cancellationToken);
        RoleNames = await users.RoleNamesAsync(cancellationToken);
    }
}
