using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>A content coding this site sends (RFC 9110 section 8.4.1).</summary>
public enum ContentCoding
{
    /// <summary>No coding: the bytes as they are.</summary>
    Identity,

    /// <summary>Brotli (<c>br</c>).</summary>
    Brotli,

    /// <summary>gzip.</summary>
    Gzip,
}

/// <summary>
/// Brotli and gzip for public text responses (pages, stylesheet, JSON, CSV): HTML shrinks to about a third and JSON
/// to a fifth. Admin pages are left uncompressed, because they reflect secrets (anti-forgery tokens) next to input an
/// attacker may choose, which is what compression side channels need.
/// </summary>
/// <remarks>
/// Responses kept per published snapshot (pages, the guide, HSDS, CSV) and the theme's files are compressed once, when
/// a client first asks for that coding (<see cref="CachedBody"/>), and sent with <c>Content-Encoding</c> already set,
/// which the middleware leaves alone. The middleware compresses the rest per request, at the fastest level. Both choose
/// the coding with <see cref="Negotiate"/>, so the ETag of a response always names the coding it was sent in.
/// </remarks>
public static class Compression
{
    /// <summary>Registers the compression providers, the text types to compress and the telemetry of cached encodings.</summary>
    public static IServiceCollection AddPublicCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Public responses carry no secrets, so compressing them over HTTPS is safe (see the class summary).
            o.EnableForHttps = true;
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/problem+json", "application/ld+json", "text/csv", "image/svg+xml", "application/xml"]);
        });
        // The middleware's own choice ignores q=0 when a wildcard follows; this one is the site's single rule.
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, NegotiatedCompressionProvider>());
        // Fastest keeps the per-request cost small; most bytes are already saved at this level.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<CompressionTelemetry>();
        return services;
    }

    /// <summary>Compresses everything outside <c>/admin</c>; place it before static files so the stylesheet is included.</summary>
    public static IApplicationBuilder UsePublicCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/admin"), branch => branch.UseResponseCompression());

    /// <summary>
    /// The content coding the middleware will choose for this request (br, gzip or none), so that each encoded
    /// representation gets its own strong ETag.
    /// </summary>
    public static string PreferredEncoding(HttpRequest request) => Name(Negotiate(request));

    /// <summary>The token of <paramref name="coding"/> in <c>Content-Encoding</c> (empty for identity).</summary>
    public static string Name(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => "br",
        ContentCoding.Gzip => "gzip",
        _ => "",
    };

    /// <summary>
    /// The coding to send for this request's <c>Accept-Encoding</c> (RFC 9110 section 12.5.3): the acceptable coding
    /// with the highest q-value, Brotli before gzip before none on a tie. A coding the header does not name is
    /// acceptable only through <c>*</c>; <c>q=0</c> rules a coding out, also when a wildcard follows. Without the
    /// header, with nothing acceptable, and under <c>/admin</c>, the body is sent as it is.
    /// </summary>
    public static ContentCoding Negotiate(HttpRequest request)
    {
        var values = request.Headers.AcceptEncoding;
        if (values.Count == 0 || request.Path.StartsWithSegments("/admin"))
        {
            return ContentCoding.Identity;
        }

        // -1: not named in the header.
        double brotli = -1, gzip = -1, identity = -1, any = -1;
        foreach (var value in values)
        {
            var header = value.AsSpan();
            foreach (var range in header.Split(','))
            {
                var element = header[range].Trim();
                var semicolon = element.IndexOf(';');
                var token = (semicolon < 0 ? element : element[..semicolon]).Trim();
                if (token.IsEmpty || !TryQuality(semicolon < 0 ? ReadOnlySpan<char>.Empty : element[(semicolon + 1)..], out var q))
                {
                    continue;
                }

                if (token.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    brotli = First(brotli, q);
                }
                else if (token.Equals("gzip", StringComparison.OrdinalIgnoreCase) || token.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = First(gzip, q);
                }
                else if (token.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    identity = First(identity, q);
                }
                else if (token is "*")
                {
                    any = First(any, q);
                }
            }
        }

        brotli = brotli >= 0 ? brotli : Math.Max(any, 0);
        gzip = gzip >= 0 ? gzip : Math.Max(any, 0);
        var best = Math.Max(brotli, gzip);
        // Identity only wins when the client names it (or *) with a higher q than every coding.
        var plain = identity >= 0 ? identity : any;
        if (best <= 0 || plain > best)
        {
            return ContentCoding.Identity;
        }

        return brotli >= gzip ? ContentCoding.Brotli : ContentCoding.Gzip;

        static double First(double seen, double q) => seen >= 0 ? seen : q;
    }

    // The q parameter of one Accept-Encoding element (1 when absent); false when it is not a number from 0 to 1.
    private static bool TryQuality(ReadOnlySpan<char> parameters, out double q)
    {
        q = 1;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            var equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            return double.TryParse(parameter[(equals + 1)..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q)
                && q is >= 0 and <= 1;
        }

        return true;
    }

    /// <summary>The middleware's provider, choosing the coding with <see cref="Negotiate"/>.</summary>
    private sealed class NegotiatedCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        private readonly BrotliCompressionProvider _brotli = new(services.GetRequiredService<IOptions<BrotliCompressionProviderOptions>>());
        private readonly GzipCompressionProvider _gzip = new(services.GetRequiredService<IOptions<GzipCompressionProviderOptions>>());

        public override ICompressionProvider? GetCompressionProvider(HttpContext context) => Negotiate(context.Request) switch
        {
            ContentCoding.Brotli => _brotli,
            ContentCoding.Gzip => _gzip,
            _ => null,
        };
    }
}
