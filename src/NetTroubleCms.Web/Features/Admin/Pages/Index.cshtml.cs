using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>The dashboard: content per type, with shortcuts to the common tasks.</summary>
public sealed class IndexModel(ContentDefinitionManager definitions, IContentStore store, ContentManager manager) : AdminPageModel
{
    /// <summary>A row of the type table.</summary>
    public sealed record TypeRow(string Name, string DisplayName, int Count, int Drafts, bool Creatable);

    /// <summary>Listable types with counts.</summary>
    public IReadOnlyList<TypeRow> Types { get; private set; } = [];

    /// <summary>A translation written before its original's words last changed.</summary>
    public sealed record StaleTranslation(string ContentItemId, string? DisplayText, string Culture, string TypeName);

    /// <summary>Translations to bring up to date.</summary>
    public IReadOnlyList<StaleTranslation> Stale { get; private set; } = [];

    /// <summary>Loads the counts.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        var culture = await manager.DefaultCultureAsync(cancellationToken);
        var rows = new List<TypeRow>();
        var listable = defs.ContentTypes.Where(t => t.TypeSettings.Listable).ToList();
        foreach (var type in listable)
        {
            // Counted as editors think of them: an agency in three languages is one agency.
            var (_, count) = await store.QueryAsync(new ContentQuery { ContentTypes = [type.Name], OneRowPerSetIn = culture, Take = 0 }, cancellationToken);
            var (_, drafts) = await store.QueryAsync(new ContentQuery { ContentTypes = [type.Name], HasDraft = true, Take = 0 }, cancellationToken);
            rows.Add(new TypeRow(type.Name, type.DisplayName ?? type.Name, count, drafts, type.TypeSettings.Creatable));
        }

        Types = rows;
        var (latest, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [.. listable.Select(t => t.Name)], OrderBy = "id" }, cancellationToken);
        var items = latest.Select(r => ContentManager.ToItem(r)!).ToList();
        var originals = LocalizationSets.Originals(items, culture, defs);
        Stale = [.. items
            .Where(i => LocalizationSets.IsTranslation(i, culture, defs) && originals.TryGetValue(LocalizationSets.SetOf(i, defs)!, out var o) && LocalizationSets.IsOutOfDate(i, o, defs))
            .Select(i => new StaleTranslation(i.ContentItemId, i.DisplayText, LocalizationSets.CultureOf(i, defs) ?? "", defs.GetType(i.ContentType)?.DisplayName ?? i.ContentType))];
    }
}
