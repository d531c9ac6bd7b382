namespace NetTroubleCms.Content.Media;

/// <summary>
/// Where media files live: a blob store of named byte streams under paths such as <c>about/1.jpg</c>. Folders are
/// only the prefixes of the files in them (as in S3-style stores): a folder exists while it holds a file. Paths given
/// to a store have passed <see cref="MediaPath"/>; implementations normalise them again and refuse anything else.
/// </summary>
public interface IMediaStore
{
    /// <summary>The file's size and version, or null when there is none.</summary>
    Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>True when the file exists.</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens the file for reading, or null when there is none. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the file, replacing any file of that path. Readers see the old bytes or the new ones, never a mixture.
    /// </summary>
    Task<MediaFileInfo> PutAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Deletes the file; false when there was none.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The folders and files directly inside <paramref name="folder"/> (empty for the root), each sorted by name.</summary>
    Task<MediaListing> ListAsync(string folder, CancellationToken cancellationToken = default);
}

/// <summary>One stored file.</summary>
/// <param name="Path">Normalised media path.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastModifiedUtc">When it was last written.</param>
/// <param name="ETag">A quoted entity tag that changes whenever the bytes may have changed.</param>
public sealed record MediaFileInfo(string Path, long Length, DateTimeOffset LastModifiedUtc, string ETag)
{
    /// <summary>The file name.</summary>
    public string Name => MediaPath.NameOf(Path);
}

/// <summary>The content of one folder.</summary>
/// <param name="Folder">The folder listed (empty for the root).</param>
/// <param name="Folders">Paths of the folders inside it.</param>
/// <param name="Files">The files inside it.</param>
public sealed record MediaListing(string Folder, IReadOnlyList<string> Folders, IReadOnlyList<MediaFileInfo> Files);

/// <summary>Walks a store.</summary>
public static class MediaStoreExtensions
{
    /// <summary>Every file under <paramref name="folder"/>, folder by folder, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<MediaFileInfo>> ListAllAsync(this IMediaStore store, string folder = "", int limit = 10_000, CancellationToken cancellationToken = default)
    {
        var files = new List<MediaFileInfo>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var next) && files.Count < limit)
        {
            var listing = await store.ListAsync(next, cancellationToken);
            files.AddRange(listing.Files.Take(limit - files.Count));
            foreach (var sub in listing.Folders.Reverse())
            {
                pending.Push(sub);
            }
        }

        return files;
    }
}
