using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Users;

namespace NetTroubleCms.Web.Features.Admin.Pages.Users;

/// <summary>One user: roles, password reset, disable.</summary>
[RequirePermission(CmsPermissions.ManageUsers)]
public sealed class UsersEditModel(UserAdminService users, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>The user.</summary>
    public UserRow? UserRow { get; private set; }

    /// <summary>Roles to choose from.</summary>
    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    /// <summary>Problems.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Shows.</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Replaces the roles.</summary>
    public async Task<IActionResult> OnPostRolesAsync(string id, string[] roles, CancellationToken cancellationToken)
    {
        var known = await users.RoleNamesAsync(cancellationToken);
        return await DoneAsync(id, await users.SetRolesAsync(id, roles.Where(known.Contains)), t["ロールを保存しました。"], cancellationToken);
    }

    /// <summary>Sets a new password.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string id, string password, CancellationToken cancellationToken) =>
        await DoneAsync(id, await users.ResetPasswordAsync(id, password ?? ""), t["パスワードを再設定しました。本人に安全な方法で伝えてください。"], cancellationToken);

    /// <summary>Disables or re-enables.</summary>
    public async Task<IActionResult> OnPostDisableAsync(string id, bool disabled, CancellationToken cancellationToken)
    {
        if (disabled && id == User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value)
        {
            Errors.Add(t["自分自身は無効にできません。"]);
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        return await DoneAsync(id, await users.SetDisabledAsync(id, disabled), disabled ? t["無効にしました。"] : t["有効に戻しました。"], cancellationToken);
    }

    private async Task<IActionResult> DoneAsync(string id, IdentityResult result, string message, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            StatusMessage = message;
            return Redirect($"/admin/users/{id}");
        }

        Errors.AddRange(result.Errors.Select(e => e.Description));
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        UserRow = await users.GetAsync(id);
        RoleNames = await users.RoleNamesAsync(cancellationToken);
        return UserRow is not null;
    }
}
