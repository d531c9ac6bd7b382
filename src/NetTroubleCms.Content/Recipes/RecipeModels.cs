using NetTroubleCms.Content.Resources;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Recipes;

/// <summary>Limits and values for recipe import.</summary>
public sealed class RecipeOptions
{
    /// <summary>Largest recipe accepted, bytes.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Folders searched (after the importing recipe's own folder) for recipes the <c>recipes</c> step names.</summary>
    public List<string> LibraryFolders { get; set; } = [];

    /// <summary>Values for <c>parameters('…')</c> (e.g. AdminUserId, AdminUsername, SiteName).</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest single file a <c>media</c> step may bring, bytes.</summary>
    public long MaxMediaFileBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Largest deployment package (<c>.zip</c>) accepted, counted unpacked, bytes.</summary>
    public long MaxPackageBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Most files a deployment package may hold.</summary>
    public int MaxPackageEntries { get; set; } = 20_000;
}

/// <summary>What one step did. <paramref name="Supported"/> false means the step was skipped and changed nothing.</summary>
public sealed record RecipeStepReport(int Index, string Name, bool Supported, string Summary)
{
    /// <summary>Applied, partly applied or skipped, for reports and exit codes.</summary>
    public RecipeStepStatus Status => !Supported ? RecipeStepStatus.Skipped : Incomplete ? RecipeStepStatus.Partial : RecipeStepStatus.Applied;

    /// <summary>True when the step ran but left part of what it carries behind (e.g. media files not in the package).</summary>
    public bool Incomplete { get; set; }

    /// <summary>Set for steps of a nested recipe: the recipe's name (the <c>recipes</c> step that ran it precedes them).</summary>
    public string? Recipe { get; init; }
}

/// <summary>Outcome of one step.</summary>
public enum RecipeStepStatus
{
    /// <summary>The step ran and its changes are part of the import.</summary>
    Applied,

    /// <summary>The step is not supported here: nothing of it was imported.</summary>
    Skipped,

    /// <summary>The step ran, but some of what it names could not be brought in (the warnings say what).</summary>
    Partial,
}

/// <summary>What an import did (or, for a dry run, would do).</summary>
public sealed class RecipeImportResult
{
    /// <summary>Per step.</summary>
    public List<RecipeStepReport> Steps { get; } = [];

    /// <summary>Notes that did not stop the import (unsupported steps, undefined types).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// Originals as they were before a translation in this import overrode their shared facts, by item ID: the later
    /// translations of the same set are compared with these, so a copy that merely repeats the old value does not
    /// undo the translation that was told to win.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal Dictionary<string, ContentItem> OriginalsBeforeTranslations { get; } = new(StringComparer.Ordinal);

    /// <summary>Item versions created.</summary>
    public int Created { get; set; }

    /// <summary>Item versions changed in place.</summary>
    public int Updated { get; set; }

    /// <summary>Item versions already identical.</summary>
    public int Unchanged { get; set; }

    /// <summary>Ids of items touched, by outcome (for dry-run reports).</summary>
    public List<(string ContentItemId, string ContentType, string? DisplayText, string Outcome)> Items { get; } = [];

    /// <summary>True when nothing was written because it was a dry run.</summary>
    public bool DryRun { get; set; }

    /// <summary>Names of steps that were not understood.</summary>
    public IEnumerable<string> UnsupportedSteps => Steps.Where(s => !s.Supported).Select(s => s.Name);

    /// <summary>Steps applied.</summary>
    public int AppliedCount => Steps.Count(s => s.Status == RecipeStepStatus.Applied);

    /// <summary>Steps skipped.</summary>
    public int SkippedCount => Steps.Count(s => s.Status == RecipeStepStatus.Skipped);

    /// <summary>Steps that ran but left something behind.</summary>
    public int PartialCount => Steps.Count(s => s.Status == RecipeStepStatus.Partial);

    /// <summary>Names of steps that left something behind.</summary>
    public IEnumerable<string> PartialSteps => Steps.Where(s => s.Status == RecipeStepStatus.Partial).Select(s => s.Name);

    /// <summary>Media files written (or, for a dry run, that would be written).</summary>
    public int MediaFiles { get; set; }

    /// <summary>True only when every step was applied whole: the site now holds everything the recipe carries.</summary>
    public bool Complete => SkippedCount == 0 && PartialCount == 0;
}

/// <summary>A recipe that could not be imported; nothing was written. Names the step, the item and the JSON path.</summary>
public sealed class RecipeException(string message, int? stepIndex = null, string? stepName = null, string? contentItemId = null, string? jsonPath = null, Exception? inner = null)
    : Exception(Format(message, stepIndex, stepName, contentItemId, jsonPath), inner)
{
    /// <summary>Zero-based step index, when the failure is inside a step.</summary>
    public int? StepIndex { get; } = stepIndex;

    /// <summary>Step name.</summary>
    public string? StepName { get; } = stepName;

    /// <summary>Item id, when known.</summary>
    public string? ContentItemId { get; } = contentItemId;

    /// <summary>JSON path of the problem.</summary>
    public string? JsonPath { get; } = jsonPath;

    /// <summary>The bare reason.</summary>
    public string Reason { get; } = message;

    private static string Format(string message, int? stepIndex, string? stepName, string? contentItemId, string? jsonPath)
    {
        var where = new List<string>();
        if (stepIndex is not null)
        {
            where.Add(EngineText.T("手順 {0}「{1}」", stepIndex + 1, stepName));
        }

        if (contentItemId is not null)
        {
            where.Add(EngineText.T("アイテム {0}", contentItemId));
        }

        if (jsonPath is not null)
        {
            where.Add(jsonPath);
        }

        return where.Count == 0 ? message : $"{string.Join(" / ", where)}: {message}";
    }
}

/// <summary>What a step handler gets.</summary>
public sealed class RecipeStepContext(JsonObject step, string name, int index, ContentDefinitionDocument definitions, RecipeImportResult result)
{
    /// <summary>The step object, expressions already evaluated.</summary>
    public JsonObject Step { get; } = step;

    /// <summary>The step name as written.</summary>
    public string Name { get; } = name;

    /// <summary>Zero-based index.</summary>
    public int Index { get; } = index;

    /// <summary>JSON path of the step.</summary>
    public string Path => $"$.steps[{Index}]";

    /// <summary>The definitions being built up by the import (saved by the executor).</summary>
    public ContentDefinitionDocument Definitions { get; } = definitions;

    /// <summary>The report.</summary>
    public RecipeImportResult Result { get; } = result;

    /// <summary>Folder the recipe's <c>[file:]</c> expressions and package files come from; null for pasted text.</summary>
    public string? FileRoot { get; init; }

    /// <summary>Name of the nested recipe this step belongs to; null for the recipe being imported.</summary>
    public string? RecipeName { get; init; }

    /// <summary>Runs another recipe's steps in this import's transaction (recipe, its folder, its name).</summary>
    public Func<JsonObject, string?, string, CancellationToken, Task> RunNestedAsync { get; init; } =
        (_, _, _, _) => throw new InvalidOperationException("Nested recipes run only inside an import.");

    /// <summary>True when a step changed definitions.</summary>
    public bool DefinitionsChanged { get; set; }

    /// <summary>What a Content step does when a translation's copy of a shared fact differs from its original's.</summary>
    public Management.TranslationConflictPolicy TranslationConflicts { get; init; }

    /// <summary>JSON path the step is working on; named in the error when something unforeseen fails there.</summary>
    public string CurrentPath
    {
        get => _currentPath ?? Path;
        set => _currentPath = value;
    }

    private string? _currentPath;

    /// <summary>Item being imported, when any.</summary>
    public string? ContentItemId { get; set; }

    /// <summary>
    /// The folder media <c>SourcePath</c>s must stay in: the recipe's folder, or a wider one the importer named that
    /// holds it. Paths are still resolved against <see cref="FileRoot"/>.
    /// </summary>
    public string? FilesRoot { get; init; }

    /// <summary>Media files read by the import, written to the store only once the import commits.</summary>
    public Media.MediaStaging? Media { get; init; }

    /// <summary>
    /// True when the recipe was parsed by the import itself (from a file or text) and nothing else holds it: a step may
    /// then take its nodes apart instead of copying them, and drop what it has done with.
    /// </summary>
    public bool OwnsStep { get; init; }

    /// <summary>Set by a step that ran but could not bring in everything it names; its report then says Partial.</summary>
    public bool Incomplete { get; set; }
}

/// <summary>Imports one kind of step. Every handler names the steps it understands.</summary>
public interface IRecipeStep
{
    /// <summary>Step names handled (compared case-insensitively).</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>Runs the step inside the import transaction.</summary>
    Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken);
}

/// <summary>Adds steps to an export.</summary>
public interface IRecipeExportSource
{
    /// <summary>Appends zero or more steps.</summary>
    Task ExportAsync(RecipeExportRequest request, JsonArray steps, CancellationToken cancellationToken);
}

/// <summary>What to export.</summary>
public sealed record RecipeExportRequest
{
    /// <summary>Include the ContentDefinition step.</summary>
    public bool IncludeDefinitions { get; init; } = true;

    /// <summary>Include content.</summary>
    public bool IncludeContent { get; init; } = true;

    /// <summary>Include site settings.</summary>
    public bool IncludeSettings { get; init; } = true;

    /// <summary>Include other sources (roles…).</summary>
    public bool IncludeOther { get; init; } = true;

    /// <summary>
    /// Also write steps that would only restate what every new site starts with (e.g. roles never changed);
    /// by default such steps are left out, so an export holds only what the site made.
    /// </summary>
    public bool IncludeDefaults { get; init; }

    /// <summary>Only these types (definitions and content); empty = all.</summary>
    public IReadOnlyCollection<string> ContentTypes { get; init; } = [];

    /// <summary>Only these items; empty = all.</summary>
    public IReadOnlyCollection<string> ContentItemIds { get; init; } = [];
}
