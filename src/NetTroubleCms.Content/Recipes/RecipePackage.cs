using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Deployment packages as Orchard writes them: a zip with <c>Recipe.json</c> at its root and the files its steps name
/// beside it. Media travel under <c>Media/</c>, named by a <c>media</c> step with <c>SourcePath</c>s, so a media file
/// can never be mistaken for the recipe itself.
/// </summary>
public static class RecipePackage
{
    /// <summary>The recipe's name inside a package.</summary>
    public const string RecipeFileName = "Recipe.json";

    /// <summary>The folder media files are written under.</summary>
    public const string MediaFolder = "Media";

    /// <summary>True when the file starts like a zip archive.</summary>
    public static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && IsZip(head);
    }

    /// <summary>True when the bytes start like a zip archive (a local file header or an empty archive).</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));

    /// <summary>
    /// Unpacks <paramref name="zip"/> into <paramref name="folder"/> and returns the path of its <c>Recipe.json</c>.
    /// Every name must be a valid media-style path (no <c>..</c>, no absolute path); sizes are counted while reading,
    /// not taken from the archive's headers, so a crafted archive cannot fill the disk.
    /// </summary>
    public static async Task<string> ExtractAsync(Stream zip, string folder, RecipeOptions limits, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var source = zip;
        FileStream? copy = null;
        try
        {
            if (!zip.CanSeek)
            {
                // The archive's directory sits at its end: an upload stream is copied aside to be read.
                copy = new FileStream(Path.Combine(folder, MediaPath.ReservedPrefix + "package.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await CopyLimitedAsync(zip, copy, limits.MaxPackageBytes, "package", cancellationToken);
                copy.Position = 0;
                source = copy;
            }

            ZipArchive archive;
            try
            {
                archive = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
            }
            catch (InvalidDataException)
            {
                throw new RecipeException(EngineText.T("zip ファイルとして読めません。"));
            }

            using (archive)
            {
                var files = archive.Entries.Where(e => !e.FullName.EndsWith('/') && !e.FullName.EndsWith('\\')).ToList();
                if (files.Count > limits.MaxPackageEntries)
                {
                    throw new RecipeException(EngineText.T("パッケージのファイルが多すぎます（{0} 件、上限 {1} 件）。", files.Count, limits.MaxPackageEntries));
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                string? recipe = null;
                long total = 0;
                foreach (var entry in files)
                {
                    // Archives made on Windows may separate names with backslashes; the name rules still apply after.
                    if (!MediaPath.TryNormalize(entry.FullName.Replace('\\', '/'), out var name, out var problem))
                    {
                        throw new RecipeException(EngineText.T("パッケージ内のファイル名「{0}」は使えません: {1}", entry.FullName, problem!));
                    }

                    if (!names.Add(name))
                    {
                        throw new RecipeException(EngineText.T("パッケージ内に同じ名前のファイル「{0}」が二つあります。", name));
                    }

                    var target = Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    try
                    {
                        await using var input = entry.Open();
                        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                        total += await CopyLimitedAsync(input, output, limits.MaxPackageBytes - total, name, cancellationToken);
                    }
                    catch (InvalidDataException)
                    {
                        throw new RecipeException(EngineText.T("パッケージ内のファイル「{0}」が壊れています。", name));
                    }
                    catch (IOException) when (Directory.Exists(target))
                    {
                        throw new RecipeException(EngineText.T("パッケージ内のファイル名「{0}」がフォルダ名と重なっています。", name));
                    }

                    if (name.Equals(RecipeFileName, StringComparison.OrdinalIgnoreCase))
                    {
                        recipe = target;
                    }
                }

                return recipe ?? throw new RecipeException(EngineText.T("パッケージの最上位に {0} がありません。", RecipeFileName));
            }
        }
        catch (PackageTooLargeException)
        {
            throw new RecipeException(EngineText.T("パッケージが大きすぎます（展開後の上限 {0} バイト）。", limits.MaxPackageBytes));
        }
        finally
        {
            if (copy is not null)
            {
                await copy.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="recipe"/> as a package: each media file its content names and <paramref name="media"/>
    /// holds goes under <c>Media/</c>, and a <c>media</c> step naming them is put before the first Content step (the
    /// recipe object is changed accordingly). Files named but missing from the store are reported, not invented.
    /// </summary>
    public static async Task<RecipePackageReport> WriteAsync(JsonObject recipe, ContentDefinitionDocument definitions, IMediaStore media, Stream output, CancellationToken cancellationToken = default)
    {
        var included = new List<MediaFileInfo>();
        var missing = new List<string>();
        foreach (var path in MediaReferences.InRecipe(recipe, definitions))
        {
            if (await media.GetInfoAsync(path, cancellationToken) is { } info)
            {
                included.Add(info);
            }
            else
            {
                missing.Add(path);
            }
        }

        if (included.Count > 0 && recipe["steps"] is JsonArray steps)
        {
            var step = new JsonObject
            {
                ["name"] = "media",
                ["Files"] = new JsonArray([.. included.Select(f => (JsonNode)new JsonObject { ["SourcePath"] = $"{MediaFolder}/{f.Path}", ["TargetPath"] = f.Path })]),
            };
            var content = steps.Select((s, i) => (s, i)).FirstOrDefault(x => (x.s as JsonObject)?["name"]?.ToString().Equals("Content", StringComparison.OrdinalIgnoreCase) == true);
            steps.Insert(content.s is null ? steps.Count : content.i, step);
        }

        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            var recipeEntry = archive.CreateEntry(RecipeFileName, CompressionLevel.Optimal);
            await using (var writer = new StreamWriter(await recipeEntry.OpenAsync(cancellationToken), new UTF8Encoding(false)))
            {
                await writer.WriteAsync(recipe.ToJsonString(ContentJson.Options) + "\n");
            }

            foreach (var file in included)
            {
                await using var source = await media.OpenReadAsync(file.Path, cancellationToken);
                if (source is null)
                {
                    // Deleted while the package was written: the step still names it, so say so.
                    missing.Add(file.Path);
                    continue;
                }

                // Images and PDFs are compressed already; deflating them again costs time and saves nothing.
                var entry = archive.CreateEntry($"{MediaFolder}/{file.Path}", CompressionLevel.NoCompression);
                entry.LastWriteTime = file.LastModifiedUtc;
                await using var target = await entry.OpenAsync(cancellationToken);
                await source.CopyToAsync(target, cancellationToken);
            }
        }

        return new RecipePackageReport([.. included.Select(f => f.Path).Where(p => !missing.Contains(p))], missing);
    }

    private static async Task<long> CopyLimitedAsync(Stream input, Stream output, long limit, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long written = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > limit)
            {
                throw new PackageTooLargeException(name);
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return written;
    }

    private sealed class PackageTooLargeException(string name) : Exception(name);
}

/// <summary>What went into a package.</summary>
/// <param name="MediaFiles">Media paths written under <c>Media/</c>.</param>
/// <param name="MissingMedia">Media paths the content names that the store does not hold.</param>
public sealed record RecipePackageReport(IReadOnlyList<string> MediaFiles, IReadOnlyList<string> MissingMedia);
