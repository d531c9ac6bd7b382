using System.Text;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Media;

/// <summary>What an upload came to: the stored file, or why it was refused (a Japanese message key).</summary>
/// <param name="Saved">The stored file.</param>
/// <param name="Problem">The refusal, a key of the admin's resources.</param>
/// <param name="Arguments">Values for the message's placeholders.</param>
public sealed record MediaUploadResult(MediaFileInfo? Saved, string? Problem, params object[] Arguments);

/// <summary>
/// Uploads into the media library. A file is accepted only when its extension is on the allow-list, it is within the
/// size limit, and its bytes are what the extension says: images must decode completely, PDFs must start like one.
/// </summary>
public sealed class MediaLibrary(IMediaStore store, IOptions<CmsOptions> options)
{
    /// <summary>Largest upload, bytes.</summary>
    public long MaxUploadBytes => options.Value.Media.MaxUploadBytes;

    /// <summary>Checks and stores one uploaded file in <paramref name="folder"/>.</summary>
    public async Task<MediaUploadResult> UploadAsync(string folder, string fileName, Stream content, bool overwrite, CancellationToken cancellationToken)
    {
        if (!MediaPath.TryNormalize(folder, out var targetFolder, out var folderProblem, folder: true))
        {
            return new MediaUploadResult(null, "フォルダ名が使えません: {0}", folderProblem!);
        }

        // Browsers send a bare name, older ones a whole client path: only the last name counts.
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (!MediaPath.TryNormalize(name, out name, out var nameProblem))
        {
            return new MediaUploadResult(null, "ファイル名「{0}」は使えません: {1}", fileName, nameProblem!);
        }

        if (MediaTypes.Of(name) is not { } type)
        {
            return new MediaUploadResult(null, "「{0}」: この種類のファイルはアップロードできません（使えるのは {1}）。", name, string.Join(", ", MediaTypes.Extensions));
        }

        var bytes = await ReadLimitedAsync(content, MaxUploadBytes, cancellationToken);
        if (bytes is null)
        {
            return new MediaUploadResult(null, "「{0}」: ファイルが大きすぎます（上限 {1}）。", name, Size(MaxUploadBytes));
        }

        if (type.Image is { } kind)
        {
            var check = MediaImages.Check(bytes, kind);
            if (check.Problem is not null)
            {
                return new MediaUploadResult(null, "「{0}」: {1}", name, check.Problem);
            }
        }
        else if (!LooksLikePdf(bytes))
        {
            return new MediaUploadResult(null, "「{0}」: {1}", name, "PDF として読み取れません。");
        }

        var path = MediaPath.Combine(targetFolder, name);
        if (!overwrite && await store.ExistsAsync(path, cancellationToken))
        {
            return new MediaUploadResult(null, "「{0}」: 同じ名前のファイルがあります。置き換える場合は「同じ名前なら置き換える」を選んでください。", path);
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return new MediaUploadResult(await store.PutAsync(path, stream, cancellationToken), null);
        }
        catch (MediaPathException ex)
        {
            return new MediaUploadResult(null, "「{0}」: {1}", path, ex.Problem);
        }
    }

    /// <summary>A size for people (KB or MB).</summary>
    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    private static bool LooksLikePdf(byte[] bytes)
    {
        // The header may follow a little junk, as PDF readers allow, but must come within the first kilobyte.
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 1024));
        return head.Contains("%PDF-", StringComparison.Ordinal);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }
}
