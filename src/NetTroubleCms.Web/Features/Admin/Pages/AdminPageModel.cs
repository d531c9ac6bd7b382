using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetTroubleCms.Content;
using NetTroubleCms.Web.Features.Admin.Permissions;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Base of admin pages: permission checks against the implication graph and a status message that survives a redirect.</summary>
public abstract class AdminPageModel : PageModel
{
    /// <summary>Shown once at the top of the next page.</summary>
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>True when the user holds <paramref name="permission"/> (for <paramref name="item"/>, when given).</summary>
    public async Task<bool> CanAsync(string permission, ContentItem? item = null)
    {
        var auth = HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        var result = await auth.AuthorizeAsync(User, item, new PermissionRequirement(permission));
        return result.Succeeded;
    }

    /// <summary>403 page for a signed-in user, sign-in for an anonymous one.</summary>
    protected IActionResult Denied() => Forbid();
}
