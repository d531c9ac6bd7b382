using System.CommandLine;
using System.Text.Json;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Editions;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Infrastructure.CommandLine;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>
/// <c>recipe import &lt;file&gt; [--dry-run]</c> and <c>recipe export --output &lt;file&gt;</c> on the configured data folder.
/// A <c>.zip</c> deployment package (Recipe.json and its files) is imported like a recipe; exporting to a <c>.zip</c>
/// writes one, with the media files the content uses.
/// Exit codes: 0 every step applied, 1 the recipe or file was refused (nothing changed), 2 wrong usage,
/// 3 imported but some steps were skipped (unsupported here) or left files behind; <c>--allow-skipped</c> turns 3 into 0.
/// </summary>
public sealed class RecipeCli : ICliVerb
{
    /// <summary>Exit code when the import went through but skipped steps it does not support.</summary>
    public const int SkippedStepsExitCode = 3;

    /// <inheritdoc />
    public Command Create(CliHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "The recipe JSON file (comments and trailing commas allowed), or a .zip package with Recipe.json and its files." };
        var filesRoot = new Option<DirectoryInfo?>("--files-root")
        {
            Description = "A folder holding the recipe's folder that media SourcePaths may also read from (Orchard theme recipes name ../wwwroot/...). / メディアの SourcePath を読んでよい、レシピのフォルダを含むフォルダ。",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and report only; nothing is written. / 確認のみで書き込みません。" };
        var facts = new Option<TranslationConflictPolicy>("--translation-facts")
        {
            Description = "When a translation's copy of a shared fact (phone, URL, ...) differs from the original's: Refuse (default: report and change nothing), OriginalWins or TranslationWins. / 翻訳と原文で共通の情報が食い違うとき、どちらを採るか。",
            DefaultValueFactory = _ => TranslationConflictPolicy.Refuse,
        };
        var asBase = new Option<bool>("--as-base") { Description = "Import as the site's base guide: merged with the site's own changes, which are kept; disagreements are listed for review in the admin. / 基本ガイドとして取り込みます（地域の追加分は残し、食い違いは管理画面で確認）。" };
        var allowSkipped = new Option<bool>("--allow-skipped") { Description = "Exit 0 even when steps this site does not support were skipped (otherwise exit 3). / 未対応の手順を読み飛ばしても成功とします。" };
        var import = new Command("import", "Import a recipe, all or nothing: any error rolls everything back. Exit 3 when unsupported steps were skipped. / レシピを取り込みます（失敗時は何も変更しません）。")
        {
            file,
            dryRun,
            facts,
            allowSkipped,
            filesRoot,
            asBase,
        };
        import.SetAction((result, _) =>
        {
            var recipe = result.GetValue(file)!;
            var asBaseGuide = result.GetValue(asBase);
            // A plain import reads and parses its file (which can be tens of MB) while set-up readies the database.
            Func<IServiceProvider, Task<RecipeFile>>? read = asBaseGuide
                ? null
                : services => services.GetRequiredService<RecipeExecutor>().ReadFileAsync(recipe.FullName, result.GetValue(filesRoot)?.FullName);
            return RunAsync(host, (scope, readFile) => ImportAsync(host, scope, recipe, readFile, result.GetValue(dryRun), result.GetValue(facts), result.GetValue(allowSkipped), asBaseGuide), read);
        });

        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write the recipe to; a name ending in .zip writes a package with the media files. / 書き出し先（.zip ならメディアを含むパッケージ）。", Required = true };
        var includeDefaults = new Option<bool>("--include-defaults") { Description = "Also export roles left at their defaults. / 既定のままのロールも書き出します。" };
        var part = new Option<string>("--part")
        {
            Description = "site (default): the whole site; base: the base guide as last imported; layer: the site's own additions and changes to the base. / site: サイト全体、base: 基本ガイド、layer: 地域の追加分。",
            DefaultValueFactory = _ => "site",
        };
        part.AcceptOnlyFromAmong("site", "base", "layer");
        var export = new Command("export", "Export content definitions, published content and settings as a recipe. / レシピとして書き出します。")
        {
            output,
            includeDefaults,
            part,
        };
        export.SetAction((result, _) => RunAsync<object>(host, (scope, _) => ExportAsync(host, scope, result.GetValue(output)!, result.GetValue(includeDefaults), result.GetValue(part) ?? "site")));

        return new Command("recipe", "Move a whole site in Orchard Core's recipe format. / Orchard Core 形式のレシピの取り込みと書き出し。")
        {
            import,
            export,
        };
    }

    // beforehand: work that needs no database, run on another thread while set-up runs; its result (or its error, reported
    // as the verb's own would be) reaches the verb.
    private static async Task<int> RunAsync<T>(CliHost host, Func<IServiceProvider, T?, Task<int>> verb, Func<IServiceProvider, Task<T>>? beforehand = null)
        where T : class
    {
        await using var scope = host.Services.CreateAsyncScope();
        var early = beforehand is null ? null : Task.Run(() => beforehand(scope.ServiceProvider));
        await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
        try
        {
            return await verb(scope.ServiceProvider, early is null ? null : await early);
        }
        catch (RecipeException ex)
        {
            await host.Error.WriteLineAsync($"レシピを取り込めませんでした（何も変更していません）/ import failed, nothing changed:\n  {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            await host.Error.WriteLineAsync($"失敗しました / failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportAsync(CliHost host, IServiceProvider services, FileInfo file, RecipeFile? read, bool dryRun, TranslationConflictPolicy facts, bool allowSkipped, bool asBase)
    {
        RecipeImportResult result;
        if (asBase)
        {
            if (!file.Exists)
            {
                throw new RecipeException($"レシピファイル「{file.FullName}」が見つかりません / recipe file not found.");
            }

            var edition = await services.GetRequiredService<EditionService>().ImportBaseAsync(await File.ReadAllTextAsync(file.FullName), file.DirectoryName, file.Name, dryRun, facts);
            result = edition.Import;
            await host.Out.WriteLineAsync($"base guide: removed {edition.Removed.Count}, local changes kept {edition.KeptLocal}, conflicts to review {edition.Conflicts.Count} / 基本ガイド: 削除 {edition.Removed.Count} 件、地域の変更を維持 {edition.KeptLocal} 件、要確認 {edition.Conflicts.Count} 件");
        }
        else
        {
            result = await services.GetRequiredService<RecipeExecutor>().ImportFileAsync(read!, dryRun, facts);
        }

        foreach (var step in result.Steps)
        {
            var status = step.Status switch
            {
                RecipeStepStatus.Applied => "適用 / applied",
                RecipeStepStatus.Partial => "一部のみ / partial",
                _ => "読み飛ばし / skipped",
            };
            var where = step.Recipe is null ? "" : $"{step.Recipe} › ";
            await host.Out.WriteLineAsync($"  [{where}{step.Index + 1}] {step.Name}: {status} — {step.Summary}");
        }

        foreach (var warning in result.Warnings)
        {
            await host.Out.WriteLineAsync($"  警告 / warning: {warning}");
        }

        await host.Out.WriteLineAsync($"{(dryRun ? "dry run (nothing written)" : "imported")}: steps applied {result.AppliedCount}, skipped {result.SkippedCount}, partial {result.PartialCount}; "
            + $"items created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}; media files {result.MediaFiles}");
        if (result.Complete || allowSkipped)
        {
            return 0;
        }

        var left = result.UnsupportedSteps.Concat(result.PartialSteps).Distinct(StringComparer.OrdinalIgnoreCase);
        await host.Error.WriteLineAsync($"一部の手順を読み飛ばしたか、一部しか取り込めませんでした（{string.Join(", ", left)}）。"
            + "それでよければ --allow-skipped を付けてください / some steps were skipped or left files behind; pass --allow-skipped to accept.");
        return SkippedStepsExitCode;
    }

    private static async Task<int> ExportAsync(CliHost host, IServiceProvider services, FileInfo output, bool includeDefaults, string part)
    {
        if (part == "site" && !output.Extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return await ExportSiteJsonAsync(host, services, output, includeDefaults);
        }

        var editions = services.GetRequiredService<EditionService>();
        var recipe = part switch
        {
            "base" => await editions.ExportBaseAsync(),
            "layer" => await editions.ExportLayerAsync(),
            _ => await services.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest { IncludeDefaults = includeDefaults }),
        };
        if (recipe is null)
        {
            await host.Error.WriteLineAsync("このサイトには基本ガイドがありません / this site has no base guide (import one with recipe import --as-base).");
            return 1;
        }

        var definitions = await services.GetRequiredService<ContentDefinitionManager>().LoadAsync();
        Directory.CreateDirectory(output.DirectoryName!);
        if (output.Extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var temp = output.FullName + ".partial";
            RecipePackageReport report;
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                report = await RecipePackage.WriteAsync(recipe, definitions, services.GetRequiredService<IMediaStore>(), stream);
            }

            File.Move(temp, output.FullName, overwrite: true);
            await host.Out.WriteLineAsync($"exported: {output.FullName} (media files {report.MediaFiles.Count})");
            foreach (var missing in report.MissingMedia)
            {
                await host.Error.WriteLineAsync($"  警告 / warning: メディア「{missing}」はコンテンツが使っていますが、メディア フォルダにありません / used by content but missing from the media folder.");
            }

            return 0;
        }

        await File.WriteAllTextAsync(output.FullName, recipe.ToJsonString(ContentJson.Options) + "\n");
        await ReportAsync(host, output, MediaReferences.InRecipe(recipe, definitions).Count);
        return 0;
    }

    // The whole site as JSON: written to the file as it is read (a large site's recipe is tens of MB), through a
    // temporary file so a failed export leaves no half-written recipe under the chosen name.
    private static async Task<int> ExportSiteJsonAsync(CliHost host, IServiceProvider services, FileInfo output, bool includeDefaults)
    {
        Directory.CreateDirectory(output.DirectoryName!);
        var temp = output.FullName + ".partial";
        IReadOnlyList<string> media;
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                media = await services.GetRequiredService<RecipeExporter>().WriteAsync(new RecipeExportRequest { IncludeDefaults = includeDefaults }, stream);
                await stream.WriteAsync(new byte[] { (byte)'\n' });
            }

            File.Move(temp, output.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        await ReportAsync(host, output, media.Count);
        return 0;
    }

    private static async Task ReportAsync(CliHost host, FileInfo output, int referenced)
    {
        await host.Out.WriteLineAsync($"exported: {output.FullName}");
        if (referenced > 0)
        {
            await host.Error.WriteLineAsync($"  注意 / note: コンテンツがメディア ファイル {referenced} 件を使っています。ファイルも運ぶには .zip に書き出してください / "
                + $"content uses {referenced} media files; export to a .zip to carry them.");
        }
    }
}
