using Microsoft.AspNetCore.Authentication;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// Authentication for the requests that can carry credentials. The site's one sign-in is the Identity cookie, so a
/// request without a <c>Cookie</c> (or <c>Authorization</c>) header can only end as "nobody": for it the authentication
/// middleware would create the cookie handler and look for a cookie that is not there, on every anonymous page view
/// and API call. Those requests go straight on, unauthenticated, as they would have ended anyway; authorization then
/// challenges them as before (the admin's redirect to its sign-in page).
/// </summary>
public static class CredentialedAuthentication
{
    // The key UseAuthentication sets so that the host does not add the middleware a second time, in front of the
    // whole pipeline, for every request. Set here too, since the standard middleware is built by hand below.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>Adds the authentication middleware, run only for requests with a Cookie or Authorization header.</summary>
    public static IApplicationBuilder UseCredentialedAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        var schemes = app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>();
        return app.Use(next =>
        {
            var authentication = new AuthenticationMiddleware(next, schemes);
            return context => CanCarryCredentials(context.Request) ? authentication.Invoke(context) : next(context);
        });
    }

    /// <summary>True when the request has a header that a sign-in could come from.</summary>
    public static bool CanCarryCredentials(HttpRequest request) =>
        request.Headers.Cookie.Count > 0 || request.Headers.Authorization.Count > 0;
}
