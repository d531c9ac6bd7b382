using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// The theme's text files (the stylesheet, scripts, SVG) served from memory, each with its Brotli and gzip forms made
/// once (<see cref="CachedBody"/>) and a strong ETag per coding, instead of being read and compressed on every request.
/// A file is read again after it changes on disk, so a designer still edits the look without a restart. Other files
/// (images, fonts), range requests and files above 4 MiB are left to the static file middleware.
/// </summary>
public sealed class ThemeFiles : IDisposable
{
    private const long MaxCachedBytes = 4 * 1024 * 1024;
    private static readonly HashSet<string> TextExtensions = new([".css", ".js", ".mjs", ".map", ".svg", ".json", ".txt", ".xml"], StringComparer.OrdinalIgnoreCase);
    private readonly PhysicalFileProvider _files;
    private readonly FileExtensionContentTypeProvider _types = new();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly string _cacheControl;
    private readonly IDisposable _watch;
    private int _generation;

    /// <summary>Serves the files under <paramref name="root"/>, sent with <paramref name="cacheControl"/>.</summary>
    public ThemeFiles(string root, string cacheControl)
    {
        _files = new PhysicalFileProvider(root);
        _cacheControl = cacheControl;
        _watch = ChangeToken.OnChange(() => _files.Watch("**/*"), () =>
        {
            Interlocked.Increment(ref _generation);
            _entries.Clear();
        });
    }

    /// <summary>
    /// Answers a GET or HEAD for <paramref name="subpath"/> (relative to the root) when it is a cached text file;
    /// false when the request is for the static file middleware.
    /// </summary>
    public async Task<bool> TryServeAsync(HttpContext http, PathString subpath)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            || request.Headers.Range.Count > 0
            || !subpath.HasValue
            || !TextExtensions.Contains(Path.GetExtension(subpath.Value)))
        {
            return false;
        }

        if (!_entries.TryGetValue(subpath.Value, out var entry))
        {
            var generation = Volatile.Read(ref _generation);
            entry = await ReadAsync(subpath.Value, http.RequestAborted);
            if (entry is null)
            {
                // Missing files are not remembered (any name can be asked for); the static file middleware answers.
                return false;
            }

            // A change seen while reading may have cleared the cache already: keep the entry only if none was.
            if (generation == Volatile.Read(ref _generation))
            {
                _entries.TryAdd(subpath.Value, entry);
            }
        }

        var coding = Compression.Negotiate(request);
        var etag = entry.ETags[(int)coding];
        var response = http.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = _cacheControl;
        response.Headers.LastModified = HeaderUtilities.FormatDate(entry.LastModified);
        if (PublicCaching.Matches(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            return true;
        }

        await entry.Body.WriteAsync(http);
        return true;
    }

    private async Task<Entry?> ReadAsync(string subpath, CancellationToken cancellationToken)
    {
        var file = _files.GetFileInfo(subpath);
        if (!file.Exists || file.IsDirectory || file.Length > MaxCachedBytes || !_types.TryGetContentType(subpath, out var type))
        {
            return null;
        }

        var buffer = new BodyBufferStream();
        await using (var stream = file.CreateReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        var body = buffer.ToBody();
        // One strong ETag per coding, from the content: the same file gets the same tags on every instance.
        var hash = Convert.ToHexStringLower(SHA256.HashData(body.ToArray()));
        string[] etags = [.. Enum.GetValues<ContentCoding>().Order().Select(c => PublicCaching.StrongETag(hash, Compression.Name(c)))];
        return new Entry(new CachedBody(body, type, rarelyChanged: true), etags, file.LastModified);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    // ETags is indexed by ContentCoding.
    private sealed record Entry(CachedBody Body, string[] ETags, DateTimeOffset LastModified);
}
