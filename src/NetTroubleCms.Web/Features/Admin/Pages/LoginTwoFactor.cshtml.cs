using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Admin.SignIn;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Second sign-in step for accounts with an authenticator app: the password was right, now the code.</summary>
public sealed class LoginTwoFactorModel(
    SignInManager<CmsUser> signIn,
    SignInThrottle throttle,
    AuditTrail audit,
    IStringLocalizer<AdminText> t) : PageModel
{
    /// <summary>The six-digit code typed.</summary>
    [BindProperty]
    public string Code { get; set; } = "";

    /// <summary>Where to go after signing in (local admin URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the step failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form, or the first step when no password was checked.</summary>
    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Login") : Page();

    /// <summary>Checks the code; failures count towards the lockout and the per-account throttle.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Login");
        }

        if (await throttle.TryAttemptAsync(user.UserName!, HttpContext.RequestAborted) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Error = SignInThrottle.TooManyMessage(t, wait);
            return Page();
        }

        var code = new string(Code.Where(char.IsAsciiDigit).ToArray());
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        await audit.AddAsync(new AuditEvent
        {
            Category = "User",
            Name = result.Succeeded ? "SignedIn" : "SignInFailed",
            UserId = user.Id,
            UserName = user.UserName,
            Snapshot = result.Succeeded ? """{"TwoFactor":true}""" : """{"Reason":"BadTwoFactorCode"}""",
        });
        if (result.Succeeded)
        {
            return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
        }

        Error = t["確認コードが正しくありません。"];
        return Page();
    }
}
