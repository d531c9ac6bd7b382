using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Editions;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Recipes;

namespace NetTroubleCms.Web.Features.Admin.Pages.Recipes;

/// <summary>
/// Export (site, types or items) as a JSON download or as a package with the media the content uses; import a JSON
/// recipe or a package with a dry run first, then apply.
/// </summary>
public sealed class RecipesIndexModel(
    RecipeExecutor executor,
    RecipeExporter exporter,
    EditionService editions,
    ContentDefinitionManager definitions,
    IMediaStore media,
    PendingRecipePackages packages,
    AuditTrail audit,
    TimeProvider clock,
    IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>Types to choose from.</summary>
    public IReadOnlyList<ContentTypeDefinitionRecord> Types { get; private set; } = [];

    /// <summary>May export.</summary>
    public bool CanExport { get; private set; }

    /// <summary>May import.</summary>
    public bool CanImport { get; private set; }

    /// <summary>What the import did or would do.</summary>
    public RecipeImportResult? Report { get; private set; }

    /// <summary>Why the recipe cannot be imported.</summary>
    public string? Error { get; private set; }

    /// <summary>True when the recipe is imported as the base guide (merged under the site's own changes).</summary>
    public bool AsBase { get; private set; }

    /// <summary>What a base import did or would do: conflicts found, items the base removed.</summary>
    public EditionImportResult? Edition { get; private set; }

    /// <summary>True when the site has a base guide (the base and layer exports are offered).</summary>
    public bool HasBase { get; private set; }

    /// <summary>The checked recipe, carried to the apply step.</summary>
    public string? RecipeBase64 { get; private set; }

    /// <summary>The checked package's token, carried to the apply step instead of the recipe.</summary>
    public string? PackageToken { get; private set; }

    /// <summary>Shows the forms.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : Forbid();

    /// <summary>Downloads a recipe.</summary>
    public async Task<IActionResult> OnPostExportAsync(string scope, string[] types, string? items, bool includeDefaults, string? format, CancellationToken cancellationToken)
    {
        if (!await CanAsync(CmsPermissions.Export))
        {
            return Forbid();
        }

        if (scope is "base" or "layer")
        {
            var part = scope == "base" ? await editions.ExportBaseAsync(cancellationToken) : await editions.ExportLayerAsync(cancellationToken);
            if (part is null)
            {
                return NotFound();
            }

            return File(Encoding.UTF8.GetBytes(part.ToJsonString(ContentJson.Options)), "application/json", $"{scope}-{TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ContentEditorService.EditorTimeZone):yyyyMMdd-HHmmss}.recipe.json");
        }

        var ids = (items ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var request = scope switch
        {
            "types" => new RecipeExportRequest { ContentTypes = types, IncludeSettings = false, IncludeOther = false },
            "items" => new RecipeExportRequest { ContentItemIds = ids, IncludeDefinitions = false, IncludeSettings = false, IncludeOther = false },
            _ => new RecipeExportRequest { IncludeDefaults = includeDefaults },
        };
        var recipe = await exporter.ExportAsync(request, cancellationToken);
        recipe["name"] = "export";
        recipe["displayName"] = t["書き出し"].Value;
        // Named in Japan time, like every time the admin shows.
        var name = $"export-{TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ContentEditorService.EditorTimeZone):yyyyMMdd-HHmmss}";
        if (format == "zip")
        {
            // Written to a temporary file first: the archive's directory is written last, and media may be large.
            var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await RecipePackage.WriteAsync(recipe, await definitions.LoadAsync(cancellationToken), media, file, cancellationToken);
            file.Position = 0;
            return File(file, "application/zip", name + ".zip");
        }

        var json = recipe.ToJsonString(ContentJson.Options);
        return File(Encoding.UTF8.GetBytes(json), "application/json", name + ".recipe.json");
    }

    /// <summary>Checks an uploaded recipe without writing anything.</summary>
    public async Task<IActionResult> OnPostDryRunAsync(IFormFile? file, bool asBase, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanImport)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Error = t["ファイルを選んでください。"];
            return Page();
        }

        await using var upload = file.OpenReadStream();
        var head = new byte[4];
        var headLength = await upload.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken);
        upload.Position = 0;
        if (RecipePackage.IsZip(head.AsSpan(0, headLength)))
        {
            PackageToken = await packages.SaveAsync(upload, UserId, cancellationToken);
            await RunPackageAsync(packages.Find(PackageToken, UserId)!, dryRun: true, cancellationToken);
            return Page();
        }

        using var reader = new StreamReader(upload, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        RecipeBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        AsBase = asBase;
        await RunAsync(json, dryRun: true, cancellationToken);
        return Page();
    }

    /// <summary>Imports the recipe checked before.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string? recipe, string? package, bool asBase, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanImport)
        {
            return Forbid();
        }

        if (package is not null)
        {
            if (packages.Find(package, UserId) is not { } path)
            {
                Error = t["確認したパッケージが見つかりません（期限切れの可能性があります）。もう一度ファイルを選んでください。"];
                return Page();
            }

            await RunPackageAsync(path, dryRun: false, cancellationToken);
            packages.Delete(package);
        }
        else
        {
            string json;
            try
            {
                json = Encoding.UTF8.GetString(Convert.FromBase64String(recipe ?? ""));
            }
            catch (FormatException)
            {
                Error = t["レシピを読み取れませんでした。もう一度ファイルを選んでください。"];
                return Page();
            }

            AsBase = asBase;
            await RunAsync(json, dryRun: false, cancellationToken);
        }

        if (Report is not null)
        {
            await audit.AddAsync(new AuditEvent
            {
                Category = "Recipe",
                Name = asBase ? "BaseEditionImported" : "RecipeImported",
                UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
                UserName = User.Identity?.Name,
                Snapshot = new JsonObject { ["Created"] = Report.Created, ["Updated"] = Report.Updated, ["Unchanged"] = Report.Unchanged, ["StepsApplied"] = Report.AppliedCount, ["StepsSkipped"] = Report.SkippedCount, ["StepsPartial"] = Report.PartialCount, ["MediaFiles"] = Report.MediaFiles, ["Conflicts"] = Edition?.Conflicts.Count, ["Removed"] = Edition?.Removed.Count }.ToJsonString(),
            }, cancellationToken);
        }

        return Page();
    }

    private async Task RunAsync(string json, bool dryRun, CancellationToken cancellationToken)
    {
        try
        {
            if (AsBase)
            {
                Edition = await editions.ImportBaseAsync(json, null, null, dryRun, cancellationToken: cancellationToken);
                Report = Edition.Import;
            }
            else
            {
                Report = await executor.ImportAsync(json, null, dryRun, cancellationToken: cancellationToken);
            }

            Report.DryRun = dryRun;
        }
        catch (RecipeException ex)
        {
            Error = ex.Message;
        }
    }

    private async Task RunPackageAsync(string path, bool dryRun, CancellationToken cancellationToken)
    {
        try
        {
            Report = await executor.ImportFileAsync(path, dryRun, cancellationToken: cancellationToken);
            Report.DryRun = dryRun;
        }
        catch (RecipeException ex)
        {
            Error = ex.Message;
        }
    }

    private string UserId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Types = [.. (await definitions.LoadAsync(cancellationToken)).ContentTypes];
        CanExport = await CanAsync(CmsPermissions.Export);
        CanImport = await CanAsync(CmsPermissions.Import);
        HasBase = await editions.HasBaseAsync(cancellationToken);
        return CanExport || CanImport;
    }
}
