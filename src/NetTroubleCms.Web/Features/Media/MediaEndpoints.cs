using System.Globalization;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Content.Media;

namespace NetTroubleCms.Web.Features.Media;

/// <summary>
/// <c>GET /media/{path}</c>: files from the media store and nothing else. The content type comes from the allow-list
/// (<see cref="MediaTypes"/>), never from the bytes or the name alone, and only images are shown inline: HTML, SVG,
/// scripts and anything unknown go out as <c>application/octet-stream</c> attachments, with <c>nosniff</c> and a
/// sandboxing policy, so an uploaded or imported file can never run as part of the site.
/// </summary>
public static class MediaEndpoints
{
    /// <summary>Browsers and proxies keep a file ten minutes, then revalidate with its ETag (a replaced file shows soon).</summary>
    public const string CacheControl = "public, max-age=600";

    /// <summary>Maps the route (before the site's catch-all).</summary>
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{**path}", ServeAsync).WithName("Media").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(string? path, HttpContext http, IMediaStore store, MediaImages images, CancellationToken cancellationToken)
    {
        if (!MediaPath.TryNormalize(path, out var normalized, out _) || await store.GetInfoAsync(normalized, cancellationToken) is not { } info)
        {
            return Results.NotFound();
        }

        var type = MediaTypes.Of(normalized);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = CacheControl;
        var widthText = http.Request.Query["width"].ToString();
        if (widthText.Length > 0)
        {
            if (type?.Image is not { } kind || !int.TryParse(widthText, NumberStyles.None, CultureInfo.InvariantCulture, out var width) || !MediaImages.Widths.Contains(width))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Unsupported width",
                    detail: $"width is available for images only, as one of {string.Join(", ", MediaImages.Widths)}.");
            }

            if (await images.DerivativeAsync(info, kind, width, cancellationToken) is { } derivative)
            {
                var file = new FileInfo(derivative.File);
                var tag = new EntityTagHeaderValue(info.ETag.TrimEnd('"') + "-w" + width.ToString(CultureInfo.InvariantCulture) + "\"");
                headers.ContentDisposition = Disposition("inline", normalized);
                return Results.File(file.FullName, derivative.ContentType, lastModified: info.LastModifiedUtc, entityTag: tag);
            }
        }

        var stream = await store.OpenReadAsync(normalized, cancellationToken);
        if (stream is null)
        {
            return Results.NotFound();
        }

        var etag = new EntityTagHeaderValue(info.ETag);
        if (type?.Inline == true)
        {
            headers.ContentDisposition = Disposition("inline", normalized);
            return Results.Stream(stream, type.ContentType, lastModified: info.LastModifiedUtc, entityTag: etag, enableRangeProcessing: true);
        }

        // A PDF keeps its type (a download manager names it right) but is never opened inside the site's pages.
        headers.ContentDisposition = Disposition("attachment", normalized);
        return Results.Stream(stream, type?.ContentType ?? MediaTypes.OctetStream, lastModified: info.LastModifiedUtc, entityTag: etag, enableRangeProcessing: true);
    }

    private static string Disposition(string kind, string path)
    {
        var header = new ContentDispositionHeaderValue(kind);
        header.SetHttpFileName(MediaPath.NameOf(path));
        return header.ToString();
    }
}
