using System.Text;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Media;

/// <summary>
/// Media paths as Orchard writes them in MediaField <c>Paths</c> and the <c>media</c> step: relative, <c>/</c>-separated,
/// e.g. <c>about/team/1.jpg</c>. Every path from outside (recipe, package, upload, URL) passes here before a store sees
/// it, so a store only ever gets a path that cannot leave its root on any file system or blob store.
/// </summary>
public static class MediaPath
{
    /// <summary>Longest path accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Longest folder or file name, in UTF-8 bytes (the common file-system limit).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Names starting with this are the file-system store's unfinished writes, never media.</summary>
    public const string ReservedPrefix = ".~";

    // Characters Windows refuses in names, plus % and # which would change meaning inside a URL path.
    private const string Forbidden = "\\:*?\"<>|%#";

    /// <summary>The normalised form of <paramref name="path"/>, or why it is refused.</summary>
    /// <param name="path">A file path (or, with <paramref name="folder"/>, a folder path).</param>
    /// <param name="normalized">Relative, NFC, single <c>/</c> between names, no leading or trailing <c>/</c>.</param>
    /// <param name="problem">A message for the editor when the path is refused.</param>
    /// <param name="folder">True for a folder: the empty path (the root) is allowed and a trailing <c>/</c> is dropped.</param>
    public static bool TryNormalize(string? path, out string normalized, out string? problem, bool folder = false)
    {
        normalized = "";
        problem = Check(path, folder, out var result);
        if (problem is null)
        {
            normalized = result;
            return true;
        }

        return false;
    }

    /// <summary>The normalised file path; throws <see cref="MediaPathException"/> with the reason when refused.</summary>
    public static string Normalize(string? path) =>
        TryNormalize(path, out var normalized, out var problem) ? normalized : throw new MediaPathException(path ?? "", problem!);

    /// <summary>The normalised folder path (empty for the root); throws <see cref="MediaPathException"/> when refused.</summary>
    public static string NormalizeFolder(string? path) =>
        TryNormalize(path, out var normalized, out var problem, folder: true) ? normalized : throw new MediaPathException(path ?? "", problem!);

    /// <summary>A name inside a folder (both already normalised).</summary>
    public static string Combine(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>The folder part of a normalised path (empty at the root).</summary>
    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The file name of a normalised path.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The lower-case extension with its dot (<c>.jpg</c>), or empty.</summary>
    public static string ExtensionOf(string path)
    {
        var name = NameOf(path);
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? "" : name[dot..].ToLowerInvariant();
    }

    /// <summary>The URL path of a normalised media path, each name escaped (<c>/media/a%20b/c.jpg</c>).</summary>
    public static string Url(string path) => "/media/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string? Check(string? path, bool folder, out string result)
    {
        result = "";
        if (path is null || (path.Length == 0 && !folder) || (path.Length > 0 && string.IsNullOrWhiteSpace(path)))
        {
            return EngineText.T("パスが空です。");
        }

        if (path.Length > MaxLength)
        {
            return EngineText.T("パスが長すぎます（上限 {0} 文字）。", MaxLength);
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return EngineText.T("パスに制御文字が含まれています。");
            }

            if (c == '\\')
            {
                return EngineText.T("パスに \\ は使えません（区切りは / です）。");
            }

            if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                return EngineText.T("パスに使えない文字「{0}」が含まれています。", c);
            }
        }

        if (path.StartsWith('/') || path.StartsWith('~'))
        {
            return EngineText.T("絶対パスは使えません（メディア フォルダからの相対パスにしてください）。");
        }

        // Files copied from macOS arrive decomposed; one spelling per name keeps one file per name.
        var text = path.Normalize(NormalizationForm.FormC);
        if (folder)
        {
            text = text.TrimEnd('/');
            if (text.Length == 0)
            {
                return null;
            }
        }

        foreach (var name in text.Split('/'))
        {
            if (name.Length == 0)
            {
                return EngineText.T("パスに空の名前（// や末尾の /）があります。");
            }

            if (name is "." or "..")
            {
                return EngineText.T("パスに「{0}」は使えません（フォルダの外を指せません）。", name);
            }

            // Windows drops trailing dots and blanks, so "a.jpg." would silently be another file's name there.
            if (name.EndsWith('.') || char.IsWhiteSpace(name[^1]) || char.IsWhiteSpace(name[0]))
            {
                return EngineText.T("名前「{0}」の先頭や末尾に空白や . は使えません。", name);
            }

            if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                return EngineText.T("「{0}」で始まる名前は使えません。", ReservedPrefix);
            }

            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            {
                return EngineText.T("名前「{0}」が長すぎます（上限 {1} バイト）。", name, MaxNameBytes);
            }
        }

        result = text;
        return null;
    }
}

/// <summary>A media path that was refused; nothing was read or written.</summary>
public sealed class MediaPathException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The path as given.</summary>
    public string Path { get; } = path;

    /// <summary>Why it was refused.</summary>
    public string Problem { get; } = problem;
}
