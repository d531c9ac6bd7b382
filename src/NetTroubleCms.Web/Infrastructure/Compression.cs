using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// Brotli and gzip for public text responses (pages, stylesheet, JSON, CSV): HTML shrinks to about a third and JSON
/// to a fifth. Admin pages are left uncompressed, because they reflect secrets (anti-forgery tokens) next to input an
/// attacker may choose, which is what compression side channels need.
/// </summary>
public static class Compression
{
    /// <summary>Registers the compression providers and the text types to compress.</summary>
    public static IServiceCollection AddPublicCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Public responses carry no secrets, so compressing them over HTTPS is safe (see the class summary).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/problem+json", "application/ld+json", "text/csv", "image/svg+xml", "application/xml"]);
        });
        // Fastest keeps the per-request cost small; most bytes are already saved at this level.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses everything outside <c>/admin</c>; place it before static files so the stylesheet is included.</summary>
    public static IApplicationBuilder UsePublicCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/admin"), branch => branch.UseResponseCompression());

    /// <summary>
    /// The content coding the middleware will choose for this request (br, gzip or none), so that each encoded
    /// representation gets its own strong ETag.
    /// </summary>
    public static string PreferredEncoding(HttpRequest request)
    {
        var accept = request.Headers.AcceptEncoding.ToString();
        if (accept.Length == 0 || request.Path.StartsWithSegments("/admin"))
        {
            return "";
        }

        return accept.Contains("br", StringComparison.OrdinalIgnoreCase) ? "br"
            : accept.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? "gzip" : "";
    }
}
