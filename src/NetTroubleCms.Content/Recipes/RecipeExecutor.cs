using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Expressions;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Imports Orchard recipes all-or-nothing: the file is parsed and checked first, then every step runs in one
/// transaction; any failure rolls everything back and names the step, the item and the JSON path.
/// </summary>
public sealed class RecipeExecutor(
    IContentStore store,
    ContentDefinitionManager definitions,
    IEnumerable<IRecipeStep> steps,
    RecipeExpressionEvaluator evaluator,
    PublishedStamp stamp,
    IOptions<RecipeOptions> options,
    IMediaStore media,
    IOptions<MediaStoreOptions> mediaOptions)
{
    /// <summary>
    /// Imports a recipe file; <c>[file: …]</c> and media <c>SourcePath</c>s read beside it. A deployment package
    /// (<c>.zip</c> with <c>Recipe.json</c> at its root) is recognised by its content and unpacked first.
    /// </summary>
    /// <param name="path">The recipe or package.</param>
    /// <param name="dryRun">Check and report only.</param>
    /// <param name="translationConflicts">Which copy of a shared fact wins.</param>
    /// <param name="filesRoot">
    /// A folder holding the recipe's folder, from which media <c>SourcePath</c>s may also be read: Orchard's theme
    /// recipes name their images as <c>../wwwroot/…</c>, beside the recipe's own folder. Null keeps reads in the recipe's folder.
    /// </param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    public async Task<RecipeImportResult> ImportFileAsync(string path, bool dryRun = false, TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, string? filesRoot = null, CancellationToken cancellationToken = default) =>
        await ImportFileAsync(await ReadFileAsync(path, filesRoot, cancellationToken), dryRun, translationConflicts, cancellationToken);

    /// <summary>
    /// Reads and checks a recipe file for <see cref="ImportFileAsync(RecipeFile, bool, TranslationConflictPolicy, CancellationToken)"/>
    /// (same rules and messages as <see cref="ImportFileAsync(string, bool, TranslationConflictPolicy, string?, CancellationToken)"/>).
    /// It needs no database, so a caller may read a large file while the database is being made ready.
    /// </summary>
    public async Task<RecipeFile> ReadFileAsync(string path, string? filesRoot = null, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new RecipeException(EngineText.T("レシピファイル「{0}」が見つかりません。", path));
        }

        if (RecipePackage.IsZip(path))
        {
            // Unpacked when imported: its files go to the staging folder only for the length of the import.
            return new RecipeFile(path, null, false, info.DirectoryName!, null);
        }

        if (info.Length > options.Value.MaxBytes)
        {
            throw new RecipeException(EngineText.T("レシピが大きすぎます（{0} バイト、上限 {1} バイト）。", info.Length, options.Value.MaxBytes));
        }

        var (recipe, mayHoldExpressions) = ParseFile(await File.ReadAllBytesAsync(path, cancellationToken));

        var folder = info.DirectoryName!;
        if (filesRoot is not null)
        {
            filesRoot = Path.GetFullPath(filesRoot).TrimEnd(Path.DirectorySeparatorChar);
            if (folder != filesRoot && !folder.StartsWith(filesRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new RecipeException(EngineText.T("ファイルを読むフォルダ「{0}」はレシピのフォルダを含んでいなければなりません。", filesRoot));
            }
        }

        return new RecipeFile(path, recipe, mayHoldExpressions, folder, filesRoot);
    }

    /// <summary>Imports a file read by <see cref="ReadFileAsync"/> (once: its recipe is evaluated in place).</summary>
    public async Task<RecipeImportResult> ImportFileAsync(RecipeFile file, bool dryRun = false, TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default)
    {
        if (file.IsPackage)
        {
            await using var zip = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            return await ImportPackageAsync(zip, dryRun, translationConflicts, cancellationToken);
        }

        return await ImportRecipeAsync(file.TakeRecipe(), file.Folder, dryRun, translationConflicts, file.FilesRoot, cancellationToken, file.MayHoldExpressions, ownsRecipe: true);
    }

    /// <summary>
    /// Imports a deployment package: <c>Recipe.json</c> at the root of a zip, with the files its steps name beside it.
    /// The package is unpacked into a private folder (names checked, sizes counted as they are read) and removed after.
    /// </summary>
    public async Task<RecipeImportResult> ImportPackageAsync(Stream zip, bool dryRun = false, TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(mediaOptions.Value.ResolveStagingPath(), "package-" + Guid.NewGuid().ToString("N"));
        try
        {
            var recipe = await RecipePackage.ExtractAsync(zip, folder, options.Value, cancellationToken);
            return await ImportFileAsync(recipe, dryRun, translationConflicts, cancellationToken: cancellationToken);
        }
        finally
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Left for the temp cleaner: it is outside the media root and never served.
            }
        }
    }

    /// <summary>Imports recipe text. <paramref name="fileRoot"/> is the folder file expressions may read; null forbids them.</summary>
    public Task<RecipeImportResult> ImportAsync(string json, string? fileRoot, bool dryRun = false, TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default) =>
        ImportRecipeAsync(Parse(json), fileRoot, dryRun, translationConflicts, null, cancellationToken, ownsRecipe: true);

    /// <summary>Imports a recipe already parsed (and owned by the caller: expressions are evaluated in place).</summary>
    public Task<RecipeImportResult> ImportParsedAsync(JsonObject recipe, string? fileRoot, bool dryRun = false, TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default) =>
        ImportRecipeAsync(recipe, fileRoot, dryRun, translationConflicts, null, cancellationToken);

    private async Task<RecipeImportResult> ImportRecipeAsync(JsonObject recipe, string? fileRoot, bool dryRun, TranslationConflictPolicy translationConflicts, string? filesRoot, CancellationToken cancellationToken, bool mayHoldExpressions = true, bool ownsRecipe = false)
    {
        var result = new RecipeImportResult { DryRun = dryRun };
        CheckOutline(recipe, null);

        // Declared first, so it is disposed last: staged media is deleted whatever happens to the transaction.
        await using var staging = new MediaStaging(mediaOptions.Value.ResolveStagingPath());
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var run = new RecipeRun { TranslationConflicts = translationConflicts, Media = staging, FilesRoot = filesRoot, OwnsRecipe = ownsRecipe };
        // Declared after the transaction so it ends first: pending writes are flushed inside the transaction or dropped.
        await using var bulk = await store.BeginBulkAsync(cancellationToken);
        try
        {
            var defs = (await definitions.LoadAsync(cancellationToken)).Clone();
            var siteWide = await RunStepsAsync(recipe, fileRoot, null, defs, result, run, cancellationToken, mayHoldExpressions);
            if (siteWide)
            {
                // Item changes bump the stamp through their events; definitions and settings are announced here.
                await stamp.BumpAsync(cancellationToken);
            }

            await bulk.FlushAsync(cancellationToken);

            if (dryRun)
            {
                definitions.Forget();
                return result;
            }

            await tx.CommitAsync(cancellationToken);
            await CommitMediaAsync(staging, result);
            return result;
        }
        catch (Exception ex) when (ex is not RecipeException and not OperationCanceledException)
        {
            definitions.Forget();
            var current = run.Current;
            // The exception's own text means nothing to an editor; the step and path say where to look.
            throw current is null
                ? new RecipeException(EngineText.T("予期しないエラーで取り込めませんでした。"), inner: ex)
                : new RecipeException(EngineText.T("この値を処理できませんでした（形が想定と違います）。"), current.Index, current.Name, current.ContentItemId, current.CurrentPath, ex);
        }
        catch
        {
            definitions.Forget();
            throw;
        }
    }

    /// <summary>Checks every step is an object with a name, before anything is written.</summary>
    private static List<(JsonObject Step, string Name)> CheckOutline(JsonObject recipe, string? recipeName)
    {
        var stepList = recipe["steps"] as JsonArray ?? [];
        var outline = new List<(JsonObject Step, string Name)>();
        for (var i = 0; i < stepList.Count; i++)
        {
            if (stepList[i] is not JsonObject step || step["name"] is not JsonValue nameValue || nameValue.GetValueKind() != JsonValueKind.String)
            {
                var where = recipeName is null ? "" : EngineText.T("レシピ「{0}」の", recipeName);
                throw new RecipeException(EngineText.T("{0}手順は \"name\" を持つ JSON オブジェクトでなければなりません。", where), i, null, null, $"$.steps[{i}]");
            }

            outline.Add((step, nameValue.GetValue<string>()));
        }

        return outline;
    }

    /// <summary>
    /// Runs the steps of one recipe inside the caller's transaction. Nested recipes (the <c>recipes</c> step) come back
    /// here through <see cref="RecipeStepContext.RunNestedAsync"/>, so they share the transaction and the definitions.
    /// Returns true when settings or definitions changed.
    /// </summary>
    private async Task<bool> RunStepsAsync(JsonObject recipe, string? fileRoot, string? recipeName, ContentDefinitionDocument defs,
        RecipeImportResult result, RecipeRun run, CancellationToken cancellationToken, bool mayHoldExpressions = true)
    {
        var outline = CheckOutline(recipe, recipeName);
        var scope = new RecipeExpressionScope(recipe["variables"] as JsonObject, options.Value.Parameters, fileRoot);
        var handlers = steps.SelectMany(s => s.Names.Select(n => (Name: n, Step: s)))
            .ToDictionary(x => x.Name, x => x.Step, StringComparer.OrdinalIgnoreCase);
        var siteWide = false;
        for (var i = 0; i < outline.Count; i++)
        {
            var (raw, name) = outline[i];
            if (!handlers.TryGetValue(name, out var handler))
            {
                result.Steps.Add(new RecipeStepReport(i, name, false, EngineText.T("未対応のため読み飛ばしました")) { Recipe = recipeName });
                result.Warnings.Add(EngineText.T("{0}手順 {1}「{2}」には対応していないため、読み飛ばしました。", recipeName is null ? "" : EngineText.T("レシピ「{0}」の", recipeName), i + 1, name));
                continue;
            }

            // Evaluated in place: the parsed recipe is ours alone, and a copy of a big Content step would double its memory.
            // A file whose text holds no bracketed string has nothing to evaluate: its tree is not walked (nor built).
            var step = raw;
            try
            {
                if (mayHoldExpressions)
                {
                    evaluator.EvaluateTree(step, scope, $"$.steps[{i}]");
                }
            }
            catch (RecipeExpressionException ex)
            {
                throw new RecipeException(ex.Reason, i, name, jsonPath: ex.JsonPath, inner: ex);
            }

            store.ExpectVersions(VersionIdsOf(step));
            var context = new RecipeStepContext(step, name, i, defs, result)
            {
                TranslationConflicts = run.TranslationConflicts,
                FileRoot = fileRoot,
                RecipeName = recipeName,
                Media = run.Media,
                OwnsStep = run.OwnsRecipe,
                FilesRoot = run.FilesRoot is { } wider && fileRoot is not null && (Path.GetFullPath(fileRoot) + Path.DirectorySeparatorChar).StartsWith(wider + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? wider : fileRoot,
                RunNestedAsync = async (nested, nestedRoot, nestedName, token) =>
                {
                    if (run.Depth >= RecipeRun.MaxDepth)
                    {
                        throw new RecipeException(EngineText.T("レシピの入れ子が深すぎます（上限 {0} 段）。", RecipeRun.MaxDepth));
                    }

                    run.Depth++;
                    try
                    {
                        siteWide |= await RunStepsAsync(nested, nestedRoot, nestedName, defs, result, run, token);
                    }
                    finally
                    {
                        run.Depth--;
                    }
                },
            };
            run.Current = context;
            var reportAt = result.Steps.Count;
            try
            {
                var summary = await handler.ExecuteAsync(context, cancellationToken);
                // Inserted before the nested recipe's own steps, which were reported while it ran.
                result.Steps.Insert(reportAt, new RecipeStepReport(i, name, true, summary) { Recipe = recipeName, Incomplete = context.Incomplete });
            }
            catch (RecipeException ex) when (ex.StepIndex is null)
            {
                throw new RecipeException(ex.Reason, i, name, ex.ContentItemId, ex.JsonPath, ex);
            }

            run.Current = context;
            siteWide |= context.DefinitionsChanged || handler is SettingsRecipeStep;
            if (context.DefinitionsChanged)
            {
                // Saved at once: later Content steps validate against the definitions built so far.
                await definitions.SaveAsync(defs, cancellationToken);
            }
        }

        result.Warnings.AddRange(scope.Warnings);
        return siteWide;
    }

    // After the database commit: a file that cannot be written now is reported, and its step marked partial, since
    // the content is already in. Written before the commit instead, a failed commit would leave files no content names.
    private async Task CommitMediaAsync(MediaStaging staging, RecipeImportResult result)
    {
        if (staging.Paths.Count == 0)
        {
            return;
        }

        var failures = await staging.CommitAsync(media);
        result.MediaFiles -= failures.Count;
        foreach (var (path, problem) in failures)
        {
            result.Warnings.Add(EngineText.T("メディア ファイル「{0}」を保存できませんでした（コンテンツは取り込み済みです）: {1}", path, problem));
        }

        if (failures.Count > 0)
        {
            foreach (var report in result.Steps.Where(s => s.Supported && s.Name.Equals("media", StringComparison.OrdinalIgnoreCase)))
            {
                report.Incomplete = true;
            }
        }
    }

    // The version ids a step's items carry, in order, so the store can fetch the stored ones in batches.
    private static List<string> VersionIdsOf(JsonObject step)
    {
        var ids = new List<string>();
        if ((step["data"] ?? step["Data"]) is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is JsonObject o && o["ContentItemVersionId"] is JsonValue v && v.TryGetValue(out string? id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Lenient parse: comments and trailing commas allowed, depth limited, root must be an object.</summary>
    public JsonObject Parse(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > options.Value.MaxBytes)
        {
            throw new RecipeException(EngineText.T("レシピが大きすぎます（上限 {0} バイト）。", options.Value.MaxBytes));
        }

        return ParseRoot(json);
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false };

    // A recipe file is parsed from its UTF-8 bytes: no text copy of a large file (twice its size) is made. Anything
    // the bytes cannot give cleanly (another encoding, a JSON error to report) goes the way of text, which says the
    // same things as before: decoding as ReadAllText does, then the duplicate finder and the line of the error.
    private (JsonObject Recipe, bool MayHoldExpressions) ParseFile(byte[] bytes)
    {
        var utf8 = bytes.AsMemory();
        var bom = Encoding.UTF8.Preamble;
        if (utf8.Span.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        var span = utf8.Span;
        var otherEncoding = span.Length >= 2 && ((span[0] == 0xFE && span[1] == 0xFF) || (span[0] == 0xFF && span[1] == 0xFE));
        if (!otherEncoding)
        {
            JsonNode? node = null;
            try
            {
                // The document reads the file's own buffer (no copy); the nodes over it are built only where read.
                var document = JsonDocument.Parse(utf8, DocumentOptions with { MaxDepth = options.Value.MaxDepth });
                node = document.RootElement.ValueKind == JsonValueKind.Object
                    ? JsonObject.Create(document.RootElement, new JsonNodeOptions { PropertyNameCaseInsensitive = false })
                    : null;
            }
            catch (JsonException)
            {
                // Reported below from the text.
            }

            if (node is JsonObject root && root["steps"] is null or JsonArray)
            {
                var readerOptions = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = options.Value.MaxDepth };
                return (root, RecipeExpressionEvaluator.MayHoldExpressions(utf8.Span, readerOptions));
            }
        }

        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return (ParseRoot(reader.ReadToEnd()), true);
    }

    private JsonObject ParseRoot(string json)
    {
        JsonNode? node;
        try
        {
            // Duplicate keys are refused while parsing: a JsonObject built with them would fail later, far from the cause.
            node = JsonNode.Parse(json, new JsonNodeOptions { PropertyNameCaseInsensitive = false },
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = options.Value.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            if (JsonDuplicateFinder.Find(json, options.Value.MaxDepth) is { } duplicate)
            {
                throw new RecipeException(EngineText.T("プロパティ「{0}」が同じオブジェクトの中で重複しています（{1} 行目）。どちらか一つにしてください。", duplicate.Name, duplicate.Line), jsonPath: duplicate.Path);
            }

            // The parser's own wording is English and technical; the position is what the author needs.
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? EngineText.T("（入れ子の深さの上限は {0}）", options.Value.MaxDepth) : "";
            var line = ex.LineNumber is null ? EngineText.T("末尾") : EngineText.T("{0} 行目 {1} 文字目付近", ex.LineNumber + 1, ex.BytePositionInLine + 1);
            throw new RecipeException(EngineText.T("JSON として読めません{0}: {1}。括弧・引用符・カンマの過不足を確認してください。", depth, line), jsonPath: ex.Path);
        }

        if (node is not JsonObject root)
        {
            throw new RecipeException(EngineText.T("レシピの最上位は JSON オブジェクトでなければなりません。"), jsonPath: "$");
        }

        if (root["steps"] is not null and not JsonArray)
        {
            throw new RecipeException(EngineText.T("steps は配列でなければなりません。"), jsonPath: "$.steps");
        }

        return root;
    }

    /// <summary>State shared by a recipe and the recipes it runs.</summary>
    private sealed class RecipeRun
    {
        /// <summary>Deepest nesting of recipes allowed (a recipe naming itself would otherwise never end).</summary>
        public const int MaxDepth = 8;

        /// <summary>Which copy of a shared fact wins when a translation disagrees with its original.</summary>
        public TranslationConflictPolicy TranslationConflicts { get; init; }

        /// <summary>Current nesting depth.</summary>
        public int Depth { get; set; }

        /// <summary>The step running, for errors nothing else locates.</summary>
        public RecipeStepContext? Current { get; set; }

        /// <summary>The wider folder media sources may come from, when the caller named one.</summary>
        public string? FilesRoot { get; init; }

        /// <summary>True when the import parsed the recipe itself (see <see cref="RecipeStepContext.OwnsStep"/>).</summary>
        public bool OwnsRecipe { get; init; }

        /// <summary>Media read by every step of the import, nested recipes included.</summary>
        public required MediaStaging Media { get; init; }
    }
}

/// <summary>A recipe file read and checked by <see cref="RecipeExecutor.ReadFileAsync"/>, to be imported once.</summary>
public sealed class RecipeFile
{
    private JsonObject? _recipe;

    internal RecipeFile(string path, JsonObject? recipe, bool mayHoldExpressions, string folder, string? filesRoot)
    {
        Path = path;
        _recipe = recipe;
        IsPackage = recipe is null;
        MayHoldExpressions = mayHoldExpressions;
        Folder = folder;
        FilesRoot = filesRoot;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>True for a deployment package (unpacked when imported).</summary>
    public bool IsPackage { get; }

    internal bool MayHoldExpressions { get; }

    internal string Folder { get; }

    internal string? FilesRoot { get; }

    // The import evaluates and takes the recipe's nodes: a second import of the same read would see a spent tree.
    internal JsonObject TakeRecipe() => Interlocked.Exchange(ref _recipe, null) ?? throw new InvalidOperationException("This recipe file was imported already; read it again.");
}
