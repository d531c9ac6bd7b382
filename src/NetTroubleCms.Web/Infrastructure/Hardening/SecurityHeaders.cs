using System.Text;
using NetEscapades.AspNetCore.SecurityHeaders;
using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;

namespace NetTroubleCms.Web.Infrastructure.Hardening;

/// <summary>
/// Security headers on every response, in three policies chosen by path: the public site and API (no script at
/// all), the admin (never framed; its one inline stylesheet carries a per-request nonce) and the API reference
/// (the bundled Scalar script plus its inline start-up module, which gets a nonce too).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Policy name of the admin pages.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>Policy name of the API reference page.</summary>
    public const string ApiDocsPolicy = "ApiDocs";

    /// <summary>Policy name of media files.</summary>
    public const string MediaPolicy = "Media";

    /// <summary>Path media files are served under.</summary>
    public static readonly PathString MediaPath = "/media";

    /// <summary>Path of the API reference (Scalar) page and its assets.</summary>
    public static readonly PathString ApiDocsPath = "/api/docs";

    /// <summary>Registers the header policies.</summary>
    public static IServiceCollection AddCmsSecurityHeaders(this IServiceCollection services, bool isDevelopment)
    {
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(p => Public(p, isDevelopment))
            .AddPolicy(AdminPolicy, p => Common(p, isDevelopment)
                .AddFrameOptionsDeny()
                .AddContentSecurityPolicy(csp =>
                {
                    // Publish and Delete buttons must never sit in someone else's frame (clickjacking).
                    Restrictive(csp);
                    csp.AddScriptSrc().None();
                    csp.AddStyleSrc().Self().WithNonce();
                    csp.AddFrameAncestors().None();
                }))
            .AddPolicy(ApiDocsPolicy, p => Common(p, isDevelopment)
                .AddFrameOptionsDeny()
                .AddContentSecurityPolicy(csp =>
                {
                    Restrictive(csp);
                    csp.AddScriptSrc().Self().WithNonce();
                    // Scalar's bundle inserts its component styles as <style> elements at run time, without a nonce;
                    // styles cannot run code, and this relaxation is limited to the reference page.
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddConnectSrc().Self();
                    csp.AddWorkerSrc().Self().Blob();
                    csp.AddFrameAncestors().None();
                }))
            .AddPolicy(MediaPolicy, p => Common(p, isDevelopment)
                .AddFrameOptionsSameOrigin()
                .AddContentSecurityPolicy(csp =>
                {
                    // A file opened on its own is data: nothing in it may run, load or submit, whatever it claims to be.
                    csp.AddDefaultSrc().None();
                    csp.AddSandbox();
                    csp.AddFrameAncestors().Self();
                }))
            .SetPolicySelector(ctx => PolicyNameFor(ctx.HttpContext.Request.Path) is { } name ? ctx.ConfiguredPolicies[name] : ctx.SelectedPolicy);
        return services;
    }

    /// <summary>The named policy for <paramref name="path"/>, or null for the public site and API (the default policy).</summary>
    public static string? PolicyNameFor(PathString path) => path switch
    {
        var p when p.StartsWithSegments(MediaPath, StringComparison.OrdinalIgnoreCase) => MediaPolicy,
        var p when p.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) => AdminPolicy,
        var p when p.StartsWithSegments(ApiDocsPath, StringComparison.OrdinalIgnoreCase) => ApiDocsPolicy,
        _ => null,
    };

    /// <summary>
    /// Security headers: the library for the admin, the API reference and media (nonces, stricter framing), and
    /// <see cref="PublicSecurityHeaders"/> for everything else, which is most requests and has nothing per request.
    /// </summary>
    public static IApplicationBuilder UseCmsSecurityHeaders(this IApplicationBuilder app)
    {
        var library = app.New();
        library.UseSecurityHeaders();
        library.Run(_ => Task.CompletedTask);
        var publicHeaders = new PublicSecurityHeaders(library.Build());
        app.UseWhen(context => PolicyNameFor(context.Request.Path) is not null, branch => branch.UseSecurityHeaders());
        return app.Use((context, next) =>
        {
            if (PolicyNameFor(context.Request.Path) is null)
            {
                publicHeaders.OnStarting(context);
            }

            return next(context);
        });
    }

    /// <summary>
    /// Adds the request's nonce to the inline <c>&lt;script&gt;</c> elements of the API reference page, which Scalar
    /// writes without one; the page is under a kilobyte, so buffering it costs nothing.
    /// </summary>
    public static IApplicationBuilder UseApiDocsNonce(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments(ApiDocsPath, StringComparison.OrdinalIgnoreCase, out var rest)
                || rest.HasValue && rest.Value is not "/" and not "/index.html")
            {
                await next(context);
                return;
            }

            // The page must reach this rewrite as text: the compression further down the pipeline would otherwise
            // hand over gzip or Brotli bytes, which a text rewrite corrupts. Under a kilobyte, it gains nothing from
            // compression anyway; its scripts are separate requests and stay compressed.
            context.Request.Headers.AcceptEncoding = default;
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var bytes = buffer.ToArray();
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && context.Response.Headers.ContentEncoding.Count == 0)
            {
                var nonce = context.GetNonce();
                var html = Encoding.UTF8.GetString(bytes).Replace("<script", $"<script nonce=\"{nonce}\"", StringComparison.OrdinalIgnoreCase);
                bytes = Encoding.UTF8.GetBytes(html);
                context.Response.ContentLength = bytes.Length;
            }

            await original.WriteAsync(bytes, context.RequestAborted);
        });

    private static HeaderPolicyCollection Public(HeaderPolicyCollection policy, bool isDevelopment) =>
        Common(policy, isDevelopment)
            .AddFrameOptionsSameOrigin()
            .AddContentSecurityPolicy(csp =>
            {
                // The public site has no JavaScript at all; JSON-LD is a data block, which CSP does not run.
                Restrictive(csp);
                csp.AddScriptSrc().None();
                csp.AddStyleSrc().Self();
                csp.AddFrameAncestors().Self();
            });

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy, bool isDevelopment)
    {
        policy.AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddPermissionsPolicyWithDefaultSecureDirectives()
            .RemoveServerHeader();
        if (!isDevelopment)
        {
            // Sent on HTTPS responses only (the library checks), so plain-HTTP development and tests are unaffected.
            policy.AddStrictTransportSecurityMaxAge(maxAgeInSeconds: 60 * 60 * 24 * 365);
        }

        return policy;
    }

    private static void Restrictive(CspBuilder csp)
    {
        csp.AddDefaultSrc().Self();
        csp.AddObjectSrc().None();
        csp.AddBaseUri().None();
        csp.AddFormAction().Self();
        csp.AddImgSrc().Self().Data();
        csp.AddFontSrc().Self();
    }
}
