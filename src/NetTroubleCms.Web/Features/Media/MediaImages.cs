using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Web.Infrastructure;
using SkiaSharp;

namespace NetTroubleCms.Web.Features.Media;

/// <summary>What decoding an image found.</summary>
/// <param name="Problem">Why the bytes are not an acceptable image, or null.</param>
/// <param name="Width">Pixel width when decoded.</param>
/// <param name="Height">Pixel height when decoded.</param>
public sealed record ImageCheck(string? Problem, int Width, int Height);

/// <summary>
/// Images through Skia: an upload counts as an image only if it decodes completely as the kind its extension names,
/// and the public site may ask for smaller copies in a few fixed widths, made once and kept on disk.
/// </summary>
public sealed class MediaImages(IOptions<CmsOptions> options, IWebHostEnvironment environment, IMediaStore store, ILogger<MediaImages> logger)
{
    /// <summary>Widths a derivative may have: a fixed few, so requests cannot make the server render endless variants.</summary>
    public static readonly IReadOnlyList<int> Widths = [160, 320, 640, 960, 1280, 1920];

    /// <summary>Largest image decoded, in pixels (a 4-byte-per-pixel bitmap of this size is 160 MB).</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Largest source read to make a derivative, bytes.</summary>
    public const long MaxSourceBytes = 64 * 1024 * 1024;

    // Two at a time: resizing is CPU work, and the machine also serves pages.
    private static readonly SemaphoreSlim Gate = new(2);

    /// <summary>Decodes <paramref name="bytes"/> fully and checks it is an image of <paramref name="expected"/> kind.</summary>
    public static ImageCheck Check(byte[] bytes, ImageKind expected)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return new ImageCheck("画像として読み取れません。", 0, 0);
        }

        if (KindOf(codec.EncodedFormat) != expected)
        {
            return new ImageCheck("拡張子と中身の画像形式が一致しません。", 0, 0);
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
        {
            return new ImageCheck("画像の縦横の画素数が大きすぎます。", info.Width, info.Height);
        }

        using var bitmap = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        // Incomplete input decodes to a half-grey picture: a truncated or doctored file is refused, not repaired.
        return result == SKCodecResult.Success
            ? new ImageCheck(null, info.Width, info.Height)
            : new ImageCheck("画像が壊れているか、途中で切れています。", info.Width, info.Height);
    }

    /// <summary>
    /// A copy of the image <paramref name="width"/> pixels wide, made on first request and kept in the cache folder
    /// under a name derived from the source's path, version and width. Null when the original should be served
    /// instead (already that narrow, or not decodable).
    /// </summary>
    public async Task<(string File, string ContentType)?> DerivativeAsync(MediaFileInfo source, ImageKind kind, int width, CancellationToken cancellationToken)
    {
        if (!Widths.Contains(width) || source.Length > MaxSourceBytes)
        {
            return null;
        }

        var (format, extension, contentType) = kind switch
        {
            ImageKind.Jpeg => (SKEncodedImageFormat.Jpeg, ".jpg", "image/jpeg"),
            ImageKind.WebP => (SKEncodedImageFormat.Webp, ".webp", "image/webp"),
            _ => (SKEncodedImageFormat.Png, ".png", "image/png"),
        };
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Path}\n{source.ETag}\n{width}")));
        var folder = Path.Combine(CacheFolder, key[..2]);
        var file = Path.Combine(folder, key + extension);
        var none = Path.Combine(folder, key + ".original");
        if (File.Exists(file))
        {
            return (file, contentType);
        }

        if (File.Exists(none))
        {
            return null;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(file))
            {
                return (file, contentType);
            }

            byte[] bytes;
            await using (var stream = await store.OpenReadAsync(source.Path, cancellationToken))
            {
                if (stream is null)
                {
                    return null;
                }

                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken);
                bytes = copy.ToArray();
            }

            var encoded = Resize(bytes, width, format);
            Directory.CreateDirectory(folder);
            var temp = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".tmp");
            // A marker remembers "serve the original" so an undecodable or small image is not decoded on every request.
            await File.WriteAllBytesAsync(temp, encoded ?? [], cancellationToken);
            File.Move(temp, encoded is null ? none : file, overwrite: true);
            return encoded is null ? null : (file, contentType);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not cache a {Width}px copy of {Path}; serving the original.", width, source.Path);
            return null;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The folder derivatives are kept in (outside the media root, so they are never listed or exported).</summary>
    public string CacheFolder => Path.Combine(options.Value.ResolveDataDirectory(environment.ContentRootPath), "media-cache");

    private static byte[]? Resize(byte[] bytes, int width, SKEncodedImageFormat format)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        using var decoded = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (codec.GetPixels(decoded.Info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            return null;
        }

        // The copy carries no EXIF, so the camera's orientation is applied to the pixels before resizing.
        using var upright = Orient(decoded, codec.EncodedOrigin);
        if (upright.Width <= width)
        {
            return null;
        }

        var height = Math.Max(1, (int)Math.Round((double)upright.Height * width / upright.Width));
        using var resized = upright.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        if (resized is null)
        {
            return null;
        }

        using var encoded = resized.Encode(format, 82);
        return encoded?.ToArray();
    }

    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(new SKImageInfo(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(result);
        float w = bitmap.Width, h = bitmap.Height;
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(bitmap, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        return result;
    }

    private static ImageKind? KindOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageKind.Jpeg,
        SKEncodedImageFormat.Png => ImageKind.Png,
        SKEncodedImageFormat.Gif => ImageKind.Gif,
        SKEncodedImageFormat.Webp => ImageKind.WebP,
        _ => null,
    };
}
