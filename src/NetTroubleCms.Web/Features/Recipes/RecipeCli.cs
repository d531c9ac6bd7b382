using System.CommandLine;
using System.Text.Json;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Infrastructure.CommandLine;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>
/// <c>recipe import &lt;file&gt; [--dry-run]</c> and <c>recipe export --output &lt;file&gt;</c> on the configured data folder.
/// Exit codes: 0 success, 1 the recipe or file was refused, 2 wrong usage.
/// </summary>
public sealed class RecipeCli : ICliVerb
{
    /// <inheritdoc />
    public Command Create(CliHost host)
    {
        var file = new Argument<FileInfo>("file") { Description = "The recipe JSON file (comments and trailing commas allowed)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and report only; nothing is written. / 確認のみで書き込みません。" };
        var facts = new Option<TranslationConflictPolicy>("--translation-facts")
        {
            Description = "When a translation's copy of a shared fact (phone, URL, ...) differs from the original's: Refuse (default: report and change nothing), OriginalWins or TranslationWins. / 翻訳と原文で共通の情報が食い違うとき、どちらを採るか。",
            DefaultValueFactory = _ => TranslationConflictPolicy.Refuse,
        };
        var import = new Command("import", "Import a recipe, all or nothing: any error rolls everything back. / レシピを取り込みます（失敗時は何も変更しません）。")
        {
            file,
            dryRun,
            facts,
        };
        import.SetAction((result, _) => RunAsync(host, scope => ImportAsync(scope, result.GetValue(file)!, result.GetValue(dryRun), result.GetValue(facts))));

        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write the recipe to.", Required = true };
        var export = new Command("export", "Export content definitions, published content and settings as a recipe. / レシピとして書き出します。")
        {
            output,
        };
        export.SetAction((result, _) => RunAsync(host, scope => ExportAsync(scope, result.GetValue(output)!)));

        return new Command("recipe", "Move a whole site in Orchard Core's recipe format. / Orchard Core 形式のレシピの取り込みと書き出し。")
        {
            import,
            export,
        };
    }

    private static async Task<int> RunAsync(CliHost host, Func<IServiceProvider, Task<int>> verb)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
        try
        {
            return await verb(scope.ServiceProvider);
        }
        catch (RecipeException ex)
        {
            await Console.Error.WriteLineAsync($"レシピを取り込めませんでした（何も変更していません）/ import failed, nothing changed:\n  {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            await Console.Error.WriteLineAsync($"失敗しました / failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, FileInfo file, bool dryRun, TranslationConflictPolicy facts)
    {
        var result = await services.GetRequiredService<RecipeExecutor>().ImportFileAsync(file.FullName, dryRun, facts);
        foreach (var step in result.Steps)
        {
            Console.WriteLine($"  [{step.Index + 1}] {step.Name}: {step.Summary}");
        }

        foreach (var warning in result.Warnings)
        {
            Console.WriteLine($"  警告 / warning: {warning}");
        }

        Console.WriteLine($"{(dryRun ? "dry run (nothing written)" : "imported")}: created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}");
        return 0;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, FileInfo output)
    {
        var recipe = await services.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest());
        Directory.CreateDirectory(output.DirectoryName!);
        await File.WriteAllTextAsync(output.FullName, recipe.ToJsonString(ContentJson.Options) + "\n");
        Console.WriteLine($"exported: {output.FullName}");
        return 0;
    }
}
