using System.Globalization;

namespace NetTroubleCms.Content.Media;

/// <summary>
/// Media files an import has read, held in a private folder until the import's database transaction commits; only
/// then are they written to the store. A failed or dry-run import leaves the store as it was, and the folder is
/// deleted on dispose either way.
/// </summary>
public sealed class MediaStaging(string stagingRoot) : IAsyncDisposable
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly string _folder = Path.Combine(stagingRoot, "import-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));

    /// <summary>Normalised paths staged so far, in the order first staged.</summary>
    public IReadOnlyCollection<string> Paths => _files.Keys;

    /// <summary>Copies <paramref name="content"/> aside for <paramref name="path"/>; a later copy for the same path wins.</summary>
    /// <returns>The number of bytes staged.</returns>
    public async Task<long> StageAsync(string path, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var normalized = MediaPath.Normalize(path);
        Directory.CreateDirectory(_folder);
        var file = _files.TryGetValue(normalized, out var existing) ? existing : Path.Combine(_folder, _files.Count.ToString(CultureInfo.InvariantCulture));
        long written = 0;
        await using (var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                written += read;
                if (written > maxBytes)
                {
                    throw new MediaTooLargeException(normalized, maxBytes);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        _files[normalized] = file;
        return written;
    }

    /// <summary>
    /// Writes every staged file to <paramref name="store"/>; returns the paths that could not be written and why. Not
    /// cancellable: it runs after the database committed the content that points at these files.
    /// </summary>
    public async Task<IReadOnlyList<(string Path, string Problem)>> CommitAsync(IMediaStore store)
    {
        var failures = new List<(string, string)>();
        foreach (var (path, file) in _files)
        {
            try
            {
                await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                await store.PutAsync(path, content, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MediaPathException)
            {
                failures.Add((path, ex is MediaPathException m ? m.Problem : ex.Message));
            }
        }

        return failures;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the temp cleaner; never served, since it is outside the media root.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A media file over the size limit.</summary>
public sealed class MediaTooLargeException(string path, long maxBytes) : Exception($"{path}: larger than {maxBytes} bytes")
{
    /// <summary>The path.</summary>
    public string Path { get; } = path;

    /// <summary>The limit, bytes.</summary>
    public long MaxBytes { get; } = maxBytes;
}
