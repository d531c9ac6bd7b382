using System.Text.Json;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Setup;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>
/// <c>recipe import &lt;file&gt; [--dry-run]</c> and <c>recipe export --output &lt;file&gt;</c> on the configured data folder.
/// Exit codes: 0 success, 1 the recipe or file was refused, 2 wrong usage.
/// </summary>
public static class RecipeCli
{
    /// <summary>True when the arguments ask for a CLI verb rather than the web server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "recipe";

    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || args[1] is not ("import" or "export"))
        {
            await Console.Error.WriteLineAsync("使い方 / usage:\n  recipe import <file> [--dry-run]\n  recipe export --output <file>");
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
                    Console.WriteLine($"  [{step.Index + 1}] {step.Name}: {step.Summary}");
                }

                foreach (var warning in result.Warnings)
                {
                    Console.WriteLine($"  警告 / warning: {warning}");
                }

                Console.WriteLine($"{(dryRun ? "dry run (nothing written)" : "imported")}: created {result.Created}, updated {result.Updated}, unchanged {result.Unchanged}");
                return 0;
            }

            var outputIndex = Array.IndexOf(args, "--output");
            if (outputIndex < 0 || outputIndex + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync("recipe export: --output <file> を指定してください / --output <file> is required.");
                return 2;
            }

            var output = Path.GetFullPath(args[outputIndex + 1]);
            var recipe = await scope.ServiceProvider.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest());
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
