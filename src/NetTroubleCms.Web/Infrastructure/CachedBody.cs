using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// A response body that stays the same for as long as its cache keeps it (a published snapshot for pages and API
/// answers, an unchanged file for the theme's stylesheet), with its Brotli and gzip forms: each is made once, the first
/// time a client asks for that coding, then sent as bytes with <c>Content-Encoding</c> and an exact
/// <c>Content-Length</c>. Made once, they can afford a better level than the per-request middleware (see
/// <see cref="Levels"/>); they are dropped with the body.
/// </summary>
public sealed class CachedBody
{
    private readonly Lock _gate = new();
    private Task<BodyBytes>? _brotli;
    private Task<BodyBytes>? _gzip;

    /// <summary>A body of <paramref name="contentType"/>; <paramref name="rarelyChanged"/>: see <see cref="Levels"/>.</summary>
    public CachedBody(BodyBytes identity, string contentType, string? contentDisposition = null, bool rarelyChanged = false)
    {
        Identity = identity;
        ContentType = contentType;
        ContentDisposition = contentDisposition;
        RarelyChanged = rarelyChanged;
    }

    /// <summary>The body as it is.</summary>
    public BodyBytes Identity { get; }

    /// <summary>Its media type, with charset.</summary>
    public string ContentType { get; }

    /// <summary><c>Content-Disposition</c> to send with it (a download's file name), if any.</summary>
    public string? ContentDisposition { get; }

    /// <summary>True for a body kept until its file changes (the theme's), worth the slowest, smallest encoding.</summary>
    public bool RarelyChanged { get; }

    /// <summary><paramref name="text"/> as UTF-8.</summary>
    public static CachedBody FromText(string text, string contentType) =>
        new(BodyBytes.Of(Encoding.UTF8.GetBytes(text)), contentType);

    /// <summary>
    /// The Brotli and gzip quality for a body of <paramref name="length"/> bytes (bench/README.md, "Compression levels",
    /// has the measurements). Brotli 5 gives nearly the smallest output at every size (9 is no smaller on large bodies,
    /// only 11 is, at 100 times the time) and encodes about 40 MB a second; above 24 MiB (the HSDS export of a national
    /// directory) 4 halves the time for 1-2 % more bytes, so the first Brotli request after a publication waits well
    /// under a second. gzip 9 costs nothing on small bodies; above 256 KiB 6 is as small and three times faster.
    /// <paramref name="rarelyChanged"/> (the theme's files, encoded once per process) gets Brotli 11 up to 1 MiB.
    /// </summary>
    public static (int Brotli, int Gzip) Levels(long length, bool rarelyChanged = false) => length switch
    {
        <= 1024 * 1024 when rarelyChanged => (11, 9),
        <= 256 * 1024 => (5, 9),
        <= 24 * 1024 * 1024 => (5, 6),
        _ => (4, 6),
    };

    /// <summary>
    /// The body in <paramref name="coding"/>: encoded on the first call for that coding, by one caller only (which
    /// reports it to the <see cref="CompressionTelemetry"/> of <paramref name="services"/>).
    /// </summary>
    public Task<BodyBytes> EncodedAsync(ContentCoding coding, IServiceProvider? services)
    {
        if (coding == ContentCoding.Identity)
        {
            return Task.FromResult(Identity);
        }

        ref var slot = ref (coding == ContentCoding.Brotli ? ref _brotli : ref _gzip);
        if (Volatile.Read(ref slot) is { } done)
        {
            return done;
        }

        lock (_gate)
        {
            if (slot is not null)
            {
                return slot;
            }

            // Off the request thread: the other requests for this coding await the same task instead of blocking
            // threads, and a large body gets a thread of its own rather than one of the pool's.
            var telemetry = services?.GetService<CompressionTelemetry>();
            return slot = Task.Factory.StartNew(
                () => Encode(coding, telemetry),
                CancellationToken.None,
                Identity.Length >= 1024 * 1024 ? TaskCreationOptions.LongRunning : TaskCreationOptions.None,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Sends the body (200) in the coding <see cref="Compression.Negotiate"/> picks for this request, with
    /// <c>Vary: Accept-Encoding</c>; HEAD gets the same headers (the body is dropped further up).
    /// </summary>
    public Task WriteAsync(HttpContext http) => WriteAsync(http, Compression.Negotiate(http.Request));

    /// <summary>
    /// Sends the body as it is, for a body built for one request only: the response compression middleware then
    /// encodes it on the fly, at its fast level, if the client asks.
    /// </summary>
    public Task WriteIdentityAsync(HttpContext http) => WriteAsync(http, ContentCoding.Identity);

    private async Task WriteAsync(HttpContext http, ContentCoding coding)
    {
        var response = http.Response;
        var body = coding == ContentCoding.Identity ? Identity : await EncodedAsync(coding, http.RequestServices);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        if (coding != ContentCoding.Identity)
        {
            response.Headers.ContentEncoding = Compression.Name(coding);
        }

        if (!VariesOnAcceptEncoding(response.Headers.Vary))
        {
            response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }

        if (ContentDisposition is not null)
        {
            response.Headers.ContentDisposition = ContentDisposition;
        }

        await body.WriteToAsync(response.Body, http.RequestAborted);
    }

    private static bool VariesOnAcceptEncoding(Microsoft.Extensions.Primitives.StringValues vary)
    {
        foreach (var value in vary)
        {
            if (value?.Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }

        return false;
    }

    private BodyBytes Encode(ContentCoding coding, CompressionTelemetry? telemetry)
    {
        var started = Stopwatch.GetTimestamp();
        var (brotli, gzip) = Levels(Identity.Length, RarelyChanged);
        var output = new BodyBufferStream();
        using (Stream encoder = coding == ContentCoding.Brotli
            ? new BrotliStream(output, new BrotliCompressionOptions { Quality = brotli }, leaveOpen: true)
            : new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = gzip }, leaveOpen: true))
        {
            Identity.CopyTo(encoder);
        }

        var encoded = output.ToBody();
        telemetry?.Encoded(coding, Identity.Length, encoded.Length, Stopwatch.GetElapsedTime(started));
        return encoded;
    }
}

/// <summary>
/// A 200 response with a <see cref="CachedBody"/>, in the coding the request negotiates (<paramref name="cached"/>) or
/// as it is, left to the middleware (a body built for this request only).
/// </summary>
public sealed class CachedBodyResult(CachedBody body, bool cached = true) : IResult, IStatusCodeHttpResult, ICachedBodyResult
{
    /// <summary>The body sent.</summary>
    public CachedBody Body => body;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => cached ? body.WriteAsync(httpContext) : body.WriteIdentityAsync(httpContext);
}

/// <summary>
/// A result that sends a <see cref="CachedBody"/> with status 200, whatever happens: the public caching filter sets its
/// ETag and Cache-Control directly instead of deciding them by status when the response starts.
/// </summary>
public interface ICachedBodyResult
{
    /// <summary>The body sent.</summary>
    CachedBody Body { get; }
}
