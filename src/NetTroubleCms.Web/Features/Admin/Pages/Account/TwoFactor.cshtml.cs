using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages.Account;

/// <summary>Sets up an authenticator app (TOTP, RFC 6238) with Identity's authenticator key: QR code, then one code to confirm.</summary>
public sealed class AccountTwoFactorModel(
    UserManager<CmsUser> users,
    SignInManager<CmsUser> signIn,
    AuditTrail audit,
    IStringLocalizer<AdminText> t) : AdminPageModel
{
    private const string Issuer = "NetTroubleCms";

    /// <summary>The code typed.</summary>
    [BindProperty]
    public string Code { get; set; } = "";

    /// <summary>The key in groups of four, for typing by hand.</summary>
    public string FormattedKey { get; private set; } = "";

    /// <summary>The otpauth URI as an inline SVG QR code (no image request, no script).</summary>
    public string QrSvg { get; private set; } = "";

    /// <summary>Why the confirmation failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the key (a new one is made on first visit).</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    /// <summary>Enables two-factor sign-in when the code matches the key.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var code = new string(Code.Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = t["確認コードが正しくありません。"];
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        await audit.AddAsync(new AuditEvent { Category = "User", Name = "TwoFactorEnabled", UserId = user.Id, UserName = user.UserName });
        StatusMessage = t["2 段階認証を有効にしました。次回からログイン時に確認コードが必要です。"];
        return RedirectToPage("/Account/Index");
    }

    private async Task LoadAsync(CmsUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var formatted = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            formatted.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        FormattedKey = formatted.ToString().TrimEnd().ToLowerInvariant();
        var label = Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        QrSvg = QrCodeSvg.Render(uri, t["認証アプリ用の QR コード"]);
    }
}
