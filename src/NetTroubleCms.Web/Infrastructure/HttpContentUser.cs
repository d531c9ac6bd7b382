using System.Security.Claims;
using NetTroubleCms.Content.Management;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>The signed-in user as seen by the content engine (Owner = user id, Author = user name).</summary>
public sealed class HttpContentUser(IHttpContextAccessor accessor) : IContentUser
{
    /// <inheritdoc />
    public string? UserId => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <inheritdoc />
    public string? UserName => accessor.HttpContext?.User.Identity?.IsAuthenticated == true
        ? accessor.HttpContext.User.Identity.Name
        : "system";
}
