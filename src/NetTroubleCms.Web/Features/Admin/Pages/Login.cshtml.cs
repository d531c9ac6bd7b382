using Microsoft.AspNetCore.Identity;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Admin.SignIn;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Sign-in with throttling, lockout and optional two-factor step; every attempt, failed or not, goes to the audit trail.</summary>
public sealed partial class LoginModel(
    SignInManager<CmsUser> signIn,
    UserManager<CmsUser> users,
    AuditTrail audit,
    SignInThrottle throttle,
    DummyPasswordHash dummy,
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

    /// <summary>
    /// Checks the password. Unknown, disabled and locked-out accounts get the same message as a wrong password and
    /// cost the same password-hash time, so neither the text nor the timing tells which user names exist.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var name = UserName.Trim();
        if (await throttle.TryAttemptAsync(name, HttpContext.RequestAborted) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Error = SignInThrottle.TooManyMessage(t, wait);
            await AuditAsync(null, name, "Throttled");
            return Page();
        }

        var user = await users.FindByNameAsync(name);
        SignInResult result;
        string? reason = null;
        if (user is null || user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            dummy.Verify(Password);
            result = user is not null && !user.IsDisabled ? SignInResult.LockedOut : SignInResult.Failed;
            reason = user is null ? "UnknownUser" : user.IsDisabled ? "Disabled" : "LockedOut";
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
            reason = result.IsLockedOut ? "LockedOut" : result.RequiresTwoFactor ? null : result.Succeeded ? null : "BadCredentials";
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/LoginTwoFactor", new { ReturnUrl });
        }

        await AuditAsync(user, name, reason);
        if (result.Succeeded)
        {
            Log.SignedIn(logger, name);
            return LocalRedirect(SafeReturnUrl(Url, ReturnUrl));
        }

        Log.SignInFailed(logger, name);
        Error = t["ユーザー名またはパスワードが正しくありません。"];
        return Page();
    }

    /// <summary>Where to go after signing in: a local admin URL, else the dashboard.</summary>
    public static string SafeReturnUrl(IUrlHelper url, string? returnUrl) =>
        url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/admin";

    private Task AuditAsync(CmsUser? user, string name, string? reason) => audit.AddAsync(new AuditEvent
    {
        Category = "User",
        Name = reason is null ? "SignedIn" : "SignInFailed",
        UserId = user?.Id,
        UserName = name,
        Snapshot = reason is null ? null : $$"""{"Reason":"{{reason}}"}""",
    });

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Admin sign-in: {UserName}.")]
        public static partial void SignedIn(ILogger logger, string userName);

        [LoggerMessage(2, LogLevel.Warning, "Admin sign-in failed: {UserName}.")]
        public static partial void SignInFailed(ILogger logger, string userName);
    }
}
