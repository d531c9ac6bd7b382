using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace NetTroubleCms.Web.Infrastructure.Hardening;

/// <summary>Wires the web hardening: public origin, forwarded headers from known proxies, security headers, HEAD.</summary>
public static class HardeningExtensions
{
    /// <summary>Registers the services; reads <c>Cms:KnownProxies</c> and <c>Cms:KnownNetworks</c>.</summary>
    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddSingleton<PublicOrigin>();
        services.AddCmsSecurityHeaders(builder.Environment.IsDevelopment());
        services.ConfigureApplicationCookie(o =>
        {
            // The handler would make the sign-in redirect absolute from the request's Host header; a path is enough.
            o.Events.OnRedirectToLogin = context => RedirectToPath(context);
            o.Events.OnRedirectToAccessDenied = context => RedirectToPath(context);
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // X-Forwarded-Host is never read: the site's own address comes from Cms:PublicBaseUrl.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed (loopback by default, as for a reverse proxy on the same host).
            var proxies = builder.Configuration.GetSection("Cms:KnownProxies").Get<string[]>() ?? [];
            var networks = builder.Configuration.GetSection("Cms:KnownNetworks").Get<string[]>() ?? [];
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    private static Task RedirectToPath(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var uri) ? uri.PathAndQuery : context.RedirectUri;
        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    /// <summary>Adds the middleware at the very start of the pipeline; fails start-up when the public address is missing.</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<PublicOrigin>();
        app.UseForwardedHeaders();
        app.UseCmsSecurityHeaders();
        app.UseApiDocsNonce();
        app.UseHeadAsGet();
        return app;
    }
}
