using System.Globalization;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Media;

/// <summary>Where the media store and its import staging live.</summary>
public sealed class MediaStoreOptions
{
    /// <summary>Folder of the file-system store; required for it.</summary>
    public string? RootPath { get; set; }

    /// <summary>
    /// Folder for files a recipe import has read but not yet committed, and for unpacked packages; defaults to a folder
    /// in the system temp folder. Kept out of the media root so a half-done import is never served.
    /// </summary>
    public string? StagingPath { get; set; }

    /// <summary>The staging folder as an absolute path.</summary>
    public string ResolveStagingPath() =>
        Path.GetFullPath(StagingPath ?? Path.Combine(Path.GetTempPath(), "nettroublecms-staging"));
}

/// <summary>
/// Media in a folder on disk. Writes go to a hidden file beside the target and are renamed over it, so a reader sees
/// the old bytes or the new ones. Symbolic links inside the root are never followed: a link planted in the folder
/// cannot expose the rest of the disk.
/// </summary>
public sealed class FileSystemMediaStore(IOptions<MediaStoreOptions> options) : IMediaStore
{
    private string Root
    {
        get
        {
            var root = options.Value.RootPath is { Length: > 0 } r
                ? Path.GetFullPath(r)
                : throw new InvalidOperationException("MediaStoreOptions.RootPath is not set: the file-system media store needs a folder.");
            return root.TrimEnd(Path.DirectorySeparatorChar);
        }
    }

    /// <inheritdoc />
    public Task<MediaFileInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var (normalized, full) = Resolve(path);
        var file = new FileInfo(full);
        return Task.FromResult(file.Exists && file.LinkTarget is null ? Info(normalized, file) : null);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        await GetInfoAsync(path, cancellationToken) is not null;

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var (_, full) = Resolve(path);
        var file = new FileInfo(full);
        if (!file.Exists || file.LinkTarget is not null)
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true));
        }
        catch (FileNotFoundException)
        {
            // Deleted between the check and the open.
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public async Task<MediaFileInfo> PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var (normalized, full) = Resolve(path);
        var folder = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException) when (!Directory.Exists(folder))
        {
            throw new MediaPathException(normalized, EngineText.T("フォルダと同じ名前のファイルがあります。"));
        }

        // Created folders are checked again: a link swapped in for a folder while it was created must not be written through.
        Resolve(path);
        if (Directory.Exists(full))
        {
            throw new MediaPathException(normalized, EngineText.T("同じ名前のフォルダがあります。"));
        }

        var temp = Path.Combine(folder, MediaPath.ReservedPrefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(target, cancellationToken);
                await target.FlushAsync(cancellationToken);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return Info(normalized, new FileInfo(full));
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var (_, full) = Resolve(path);
        var file = new FileInfo(full);
        if (!file.Exists)
        {
            return Task.FromResult(false);
        }

        file.Delete();
        // Folders are only prefixes of files: one left empty disappears with its last file, as in a blob store.
        var root = Root;
        for (var dir = file.Directory; dir is not null && dir.FullName.Length > root.Length && dir.FullName.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal); dir = dir.Parent)
        {
            try
            {
                if (dir.EnumerateFileSystemInfos().Any())
                {
                    break;
                }

                dir.Delete();
            }
            catch (IOException)
            {
                // Something was written into it meanwhile: it stays.
                break;
            }
        }

        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<MediaListing> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var normalized = MediaPath.NormalizeFolder(folder);
        var full = normalized.Length == 0 ? Root : Resolve(normalized).Full;
        var dir = new DirectoryInfo(full);
        if (!dir.Exists || dir.LinkTarget is not null)
        {
            return Task.FromResult(new MediaListing(normalized, [], []));
        }

        var folders = new List<string>();
        var files = new List<MediaFileInfo>();
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || !MediaPath.TryNormalize(entry.Name, out var name, out _) || name != entry.Name)
            {
                // Links, unfinished writes and names no media path can have are not media.
                continue;
            }

            if (entry is DirectoryInfo)
            {
                folders.Add(MediaPath.Combine(normalized, name));
            }
            else if (entry is FileInfo file)
            {
                files.Add(Info(MediaPath.Combine(normalized, name), file));
            }
        }

        folders.Sort(StringComparer.Ordinal);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult(new MediaListing(normalized, folders, files));
    }

    private (string Normalized, string Full) Resolve(string path)
    {
        var normalized = MediaPath.Normalize(path);
        var root = Root;
        var full = Path.GetFullPath(Path.Combine(root, normalized.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new MediaPathException(path, EngineText.T("パスがメディア フォルダの外を指しています。"));
        }

        // Every folder between the root and the file must be a real folder, not a link to somewhere else.
        var current = root;
        foreach (var name in normalized.Split('/').SkipLast(1))
        {
            current = Path.Combine(current, name);
            if (new DirectoryInfo(current) is { Exists: true, LinkTarget: not null } || new FileInfo(current) is { Exists: true, LinkTarget: not null })
            {
                throw new MediaPathException(path, EngineText.T("パスの途中にリンクがあるため使えません。"));
            }
        }

        return (normalized, full);
    }

    private static MediaFileInfo Info(string path, FileInfo file)
    {
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        // Size and write time: a replaced file gets a new tag without reading its bytes.
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{file.Length:x}-{modified.UtcTicks:x}\"");
        return new MediaFileInfo(path, file.Length, modified, etag);
    }
}
