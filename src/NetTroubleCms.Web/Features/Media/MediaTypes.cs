using NetTroubleCms.Content.Media;

namespace NetTroubleCms.Web.Features.Media;

/// <summary>The kinds of image Skia decodes and re-encodes.</summary>
public enum ImageKind
{
    /// <summary>JPEG.</summary>
    Jpeg,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>GIF (derivatives are PNG, first frame).</summary>
    Gif,

    /// <summary>WebP.</summary>
    WebP,
}

/// <summary>A file type the site knows: its content type, and whether a browser may show it in the page.</summary>
/// <param name="ContentType">Sent as Content-Type.</param>
/// <param name="Image">The image kind, for images; null for documents.</param>
public sealed record MediaType(string ContentType, ImageKind? Image)
{
    /// <summary>Images are shown inline; everything else is offered as a download.</summary>
    public bool Inline => Image is not null;
}

/// <summary>
/// The allow-list of media types, by extension. Only these may be uploaded; anything else a recipe brought is served
/// as <c>application/octet-stream</c> download, so an HTML, SVG or script file can never run in the site's origin.
/// </summary>
public static class MediaTypes
{
    /// <summary>Served as a download of unknown bytes.</summary>
    public const string OctetStream = "application/octet-stream";

    private static readonly Dictionary<string, MediaType> Known = new(StringComparer.Ordinal)
    {
        [".jpg"] = new("image/jpeg", ImageKind.Jpeg),
        [".jpeg"] = new("image/jpeg", ImageKind.Jpeg),
        [".png"] = new("image/png", ImageKind.Png),
        [".gif"] = new("image/gif", ImageKind.Gif),
        [".webp"] = new("image/webp", ImageKind.WebP),
        [".pdf"] = new("application/pdf", null),
    };

    /// <summary>Extensions editors may upload, for the file input's accept attribute.</summary>
    public static IReadOnlyCollection<string> Extensions => Known.Keys;

    /// <summary>The known type of a media path, or null.</summary>
    public static MediaType? Of(string path) => Known.GetValueOrDefault(MediaPath.ExtensionOf(path));

    /// <summary>True for an image type the site decodes.</summary>
    public static bool IsImage(string path) => Of(path)?.Image is not null;
}
