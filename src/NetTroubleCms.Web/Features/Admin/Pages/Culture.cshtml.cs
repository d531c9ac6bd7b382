using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>Switches the admin language (Japanese or English) with a cookie.</summary>
public sealed class CultureModel(TimeProvider clock) : PageModel
{
    /// <summary>Nothing to show: the switch is a POST from every page.</summary>
    public IActionResult OnGet() => LocalRedirect("/admin");

    /// <summary>Stores the choice for a year and goes back.</summary>
    public IActionResult OnPost(string culture, string? returnUrl)
    {
        var chosen = culture == "en" ? "en" : "ja";
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/admin" });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/admin");
    }
}
