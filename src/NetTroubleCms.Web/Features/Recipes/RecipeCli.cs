using System.Text.Json;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Setup;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>
/// <c>recipe import &lt;file&gt; [--dry-run]</c> and <c>recipe export --output &lt;file&gt;</c> on the configured data folder.
/// Exit codes: 0 every step applied, 1 the recipe or file was refused (nothing changed), 2 wrong usage,
/// 3 imported but some steps were skipped (unsupported here); <c>--allow-skipped</c> turns 3 into 0.
/// </summary>
public static class RecipeCli
{
    /// <summary>Exit code when the import went through but skipped steps it does not support.</summary>
    public const int SkippedStepsExitCode = 3;

    /// <summary>True when the arguments ask for a CLI verb rather than the web server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "recipe";

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || args[1] is not ("import" or "export"))
        {
            await Console.Error.WriteLineAsync("使い方 / usage:\n  recipe import <file> [--dry-run] [--allow-skipped]\n  recipe export --output <file> [--include-defaults]");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
        try
        {
            if (args[1] == "import")
            {
                var file = args.Skip(2).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
                if (file is null)
                {
                    await Console.Error.WriteLineAsync("recipe import: ファイルを指定してください / a file is required.");
                    return 2;
                }

                var dryRun = args.Contains("--dry-run");
                var result = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ImportFileAsync(Path.GetFullPath(file), dryRun);
                foreach (var step in result.Steps)
                {
                    var status = step.Status == RecipeStepStatus.Applied ? "適用 / applied" : "読み飛ばし / skipped";
                    var where = step.Recipe is null ? "" : $"{step.Recipe} › ";
                    Console.WriteLine($"  [{where}{step.Index + 1}] {step.Name}: {status} — {step.Summary}");
                }

                foreach (var warning in result.Warnings)
                {
                    Console.WriteLine($"  警告 / warning: {warning}");
                }

                Console.WriteLine($"{(dryRun ? "dry run (nothing written)" : "imported")}: steps applied {result.AppliedCount}, skipped {result.SkippedCount}; "
                    + $"items created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}");
                if (result.Complete || args.Contains("--allow-skipped"))
                {
                    return 0;
                }

                await Console.Error.WriteLineAsync($"一部の手順を読み飛ばしました（{string.Join(", ", result.UnsupportedSteps.Distinct(StringComparer.OrdinalIgnoreCase))}）。"
                    + "それでよければ --allow-skipped を付けてください / some steps were skipped; pass --allow-skipped to accept.");
                return SkippedStepsExitCode;
            }

            var outputIndex = Array.IndexOf(args, "--output");
            if (outputIndex < 0 || outputIndex + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync("recipe export: --output <file> を指定してください / --output <file> is required.");
                return 2;
            }

            var output = Path.GetFullPath(args[outputIndex + 1]);
            var recipe = await scope.ServiceProvider.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest { IncludeDefaults = args.Contains("--include-defaults") });
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            await File.WriteAllTextAsync(output, recipe.ToJsonString(ContentJson.Options) + "\n");
            Console.WriteLine($"exported: {output}");
            return 0;
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
}
