using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages.Account;

/// <summary>The signed-in user's own account: change the password, turn two-factor sign-in off.</summary>
public sealed class AccountIndexModel(
    UserManager<CmsUser> users,
    SignInManager<CmsUser> signIn,
    AuditTrail audit,
    IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Whether an authenticator app is required at sign-in.</summary>
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>Errors of the last post.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Shows the page.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    /// <summary>Changes the password after checking the current one; the sign-in cookie is renewed.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? confirm)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(password) || password != confirm)
        {
            Errors.Add(t["新しいパスワードと確認用のパスワードが一致しません。"]);
        }
        else
        {
            var result = await users.ChangePasswordAsync(user, current ?? "", password);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                await AuditAsync(user, "PasswordChanged");
                StatusMessage = t["パスワードを変更しました。"];
                return RedirectToPage();
            }

            Errors.AddRange(result.Errors.Select(e => e.Code == "PasswordMismatch" ? t["現在のパスワードが正しくありません。"].Value : t["パスワードが条件を満たしていません。"].Value).Distinct());
        }

        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    /// <summary>Turns two-factor sign-in off (the current password is asked again) and forgets the authenticator key.</summary>
    public async Task<IActionResult> OnPostDisableTwoFactorAsync(string? current)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.CheckPasswordAsync(user, current ?? ""))
        {
            Errors.Add(t["現在のパスワードが正しくありません。"]);
            TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await AuditAsync(user, "TwoFactorDisabled");
        StatusMessage = t["2 段階認証を無効にしました。"];
        return RedirectToPage();
    }

    private Task AuditAsync(CmsUser user, string name) =>
        audit.AddAsync(new AuditEvent { Category = "User", Name = name, UserId = user.Id, UserName = user.UserName });
}
