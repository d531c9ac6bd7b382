using Microsoft.AspNetCore.Identity;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Sign-in with lockout; every attempt, failed or not, goes to the audit trail.</summary>
public sealed partial class LoginModel(
    SignInManager<CmsUser> signIn,
    UserManager<CmsUser> users,
    AuditTrail audit,
    IStringLocalizer<AdminText> t,
    ILogger<LoginModel> logger) : PageModel
{
    /// <summary>User name typed.</summary>
    [BindProperty]
    public string UserName { get; set; } = "";

    /// <summary>Password typed (never echoed back).</summary>
    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>Where to go after signing in (local URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the sign-in failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the password; disabled and locked-out users are refused.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.FindByNameAsync(UserName.Trim());
        SignInResult result;
        if (user is null || user.IsDisabled)
        {
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        }

        await audit.AddAsync(new AuditEvent
        {
            Category = "User",
            Name = result.Succeeded ? "SignedIn" : "SignInFailed",
            UserId = user?.Id,
            UserName = UserName.Trim(),
            Snapshot = result.Succeeded ? null : $$"""{"Reason":"{{(result.IsLockedOut ? "LockedOut" : user?.IsDisabled == true ? "Disabled" : "BadCredentials")}}"}""",
        });
        if (result.Succeeded)
        {
            Log.SignedIn(logger, UserName);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/admin");
        }

        Log.SignInFailed(logger, UserName);
        Error = result.IsLockedOut
            ? t["ログインの失敗が続いたため、このアカウントは一時的にロックされています。しばらくしてからもう一度お試しください。"]
            : t["ユーザー名またはパスワードが正しくありません。"];
        return Page();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Admin sign-in: {UserName}.")]
        public static partial void SignedIn(ILogger logger, string userName);

        [LoggerMessage(2, LogLevel.Warning, "Admin sign-in failed: {UserName}.")]
        public static partial void SignInFailed(ILogger logger, string userName);
    }
}
