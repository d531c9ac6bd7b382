using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Orchard's <c>media</c> step: <c>{ "name": "media", "Files": [ { "TargetPath": "about/1.jpg", "Base64": "…" },
/// { "TargetPath": "about/2.jpg", "SourcePath": "Media/about/2.jpg" } ] }</c>. <c>Base64</c> may itself come from a
/// <c>[file:base64('…')]</c> expression. Files are staged, and reach the media store only when the whole import commits.
/// <para>
/// A target path that could leave the media folder, or a broken Base64 value, refuses the whole recipe. A source that
/// is not in the recipe's folder (missing, outside it, a link, or a URL, which is never fetched) is reported with its
/// place and the step is marked partial, because the rest of the recipe is still worth having.
/// </para>
/// </summary>
public sealed class MediaRecipeStep(IOptions<RecipeOptions> options) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["media"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var staging = context.Media ?? throw new InvalidOperationException("The media step runs only inside an import.");
        var filesKey = Key(context.Step, "Files") ?? "Files";
        if (context.Step[filesKey] is null)
        {
            return EngineText.T("ファイルなし");
        }

        if (context.Step[filesKey] is not JsonArray files)
        {
            throw new RecipeException(EngineText.T("Files は配列でなければなりません。"), jsonPath: $"{context.Path}.{filesKey}");
        }

        var staged = 0;
        var left = 0;
        for (var j = 0; j < files.Count; j++)
        {
            var at = $"{context.Path}.{filesKey}[{j}]";
            context.CurrentPath = at;
            if (files[j] is not JsonObject file)
            {
                throw new RecipeException(EngineText.T("ファイルの指定は JSON オブジェクトでなければなりません。"), jsonPath: at);
            }

            // Orchard reads TargetPath; older exports wrote Path.
            var targetKey = Key(file, "TargetPath") ?? Key(file, "Path") ?? "TargetPath";
            var target = String(file, targetKey, at);
            if (target is null)
            {
                throw new RecipeException(EngineText.T("TargetPath（メディア内の置き場所）がありません。"), jsonPath: $"{at}.TargetPath");
            }

            if (!MediaPath.TryNormalize(target, out var path, out var problem))
            {
                throw new RecipeException(EngineText.T("置き場所「{0}」は使えません: {1}", target, problem!), jsonPath: $"{at}.{targetKey}");
            }

            try
            {
                if (Key(file, "Base64") is { } base64Key && String(file, base64Key, at) is { Length: > 0 } base64)
                {
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(base64);
                    }
                    catch (FormatException)
                    {
                        throw new RecipeException(EngineText.T("Base64 として読めません。"), jsonPath: $"{at}.{base64Key}");
                    }

                    using var content = new MemoryStream(bytes, writable: false);
                    await staging.StageAsync(path, content, options.Value.MaxMediaFileBytes, cancellationToken);
                    staged++;
                }
                else if (Key(file, "SourcePath") is { } sourceKey && String(file, sourceKey, at) is { Length: > 0 } source)
                {
                    var (full, why) = Locate(source, context.FileRoot, context.FilesRoot ?? context.FileRoot);
                    if (full is null)
                    {
                        left++;
                        context.Result.Warnings.Add(Where(context, $"{at}.{sourceKey}") + EngineText.T("「{0}」を取り込みませんでした: {1}", source, why!));
                        continue;
                    }

                    await using var content = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                    await staging.StageAsync(path, content, options.Value.MaxMediaFileBytes, cancellationToken);
                    staged++;
                }
                else if (Key(file, "SourceUrl") is { } urlKey && String(file, urlKey, at) is { Length: > 0 } url)
                {
                    // An import never fetches from the network: a recipe must not make the server call addresses it names.
                    left++;
                    context.Result.Warnings.Add(Where(context, $"{at}.{urlKey}") + EngineText.T("「{0}」はインターネットから取得しないため、取り込みませんでした。ファイルをパッケージに入れてください。", url));
                }
                else
                {
                    throw new RecipeException(EngineText.T("ファイルの中身（Base64 か SourcePath）がありません。"), jsonPath: at);
                }
            }
            catch (MediaTooLargeException ex)
            {
                throw new RecipeException(EngineText.T("ファイル「{0}」が大きすぎます（上限 {1} バイト）。", path, ex.MaxBytes), jsonPath: at);
            }
        }

        context.Result.MediaFiles += staged;
        context.Incomplete = left > 0;
        return left == 0
            ? EngineText.T("ファイル {0} 件", staged)
            : EngineText.T("ファイル {0} 件、取り込めなかったもの {1} 件", staged, left);
    }

    /// <summary>The file a SourcePath names, resolved from the recipe's folder and kept inside <paramref name="boundary"/>, or why it cannot be read.</summary>
    private static (string? Full, string? Why) Locate(string source, string? root, string? boundary)
    {
        if (root is null || boundary is null)
        {
            return (null, EngineText.T("このレシピにはファイルを置くフォルダがありません（ファイルと一緒に .zip のパッケージで取り込んでください）。"));
        }

        if (source.Length == 0 || source.Any(char.IsControl) || source.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(source))
        {
            return (null, EngineText.T("レシピのフォルダからの相対パスではありません。"));
        }

        var folder = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var limit = Path.GetFullPath(boundary).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(folder, source));
        if (!full.StartsWith(limit, StringComparison.Ordinal))
        {
            return (null, EngineText.T("レシピのフォルダの外を指しています。"));
        }

        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return (null, EngineText.T("リンクなので読み込みません。"));
        }

        return info.Exists ? (full, null) : (null, EngineText.T("ファイルが見つかりません。"));
    }

    private static string Where(RecipeStepContext context, string path) =>
        (context.RecipeName is null ? "" : EngineText.T("レシピ「{0}」の", context.RecipeName))
        + EngineText.T("手順 {0}「{1}」", context.Index + 1, context.Name) + $" {path}: ";

    private static string? Key(JsonObject o, string name) => o.Select(p => p.Key).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string? String(JsonObject o, string key, string at) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new RecipeException(EngineText.T("{0} は文字列でなければなりません。", key), jsonPath: $"{at}.{key}"),
    };
}
