using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Shown when a signed-in user lacks a permission (status 403).</summary>
public sealed class DeniedModel : PageModel
{
    /// <summary>Sets the status.</summary>
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
