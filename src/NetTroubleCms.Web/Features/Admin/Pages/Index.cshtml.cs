using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>The dashboard: content per type, with shortcuts to the common tasks.</summary>
public sealed class IndexModel(ContentDefinitionManager definitions, IContentStore store) : AdminPageModel
{
    /// <summary>A row of the type table.</summary>
    public sealed record TypeRow(string Name, string DisplayName, int Count, int Drafts, bool Creatable);

    /// <summary>Listable types with counts.</summary>
    public IReadOnlyList<TypeRow> Types { get; private set; } = [];

    /// <summary>Loads the counts.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        var rows = new List<TypeRow>();
        foreach (var type in defs.ContentTypes.Where(t => t.TypeSettings.Listable))
        {
            var (_, count) = await store.QueryAsync(new ContentQuery { ContentTypes = [type.Name], Take = 0 }, cancellationToken);
            var (_, drafts) = await store.QueryAsync(new ContentQuery { ContentTypes = [type.Name], HasDraft = true, Take = 0 }, cancellationToken);
            rows.Add(new TypeRow(type.Name, type.DisplayName ?? type.Name, count, drafts, type.TypeSettings.Creatable));
        }

        Types = rows;
    }
}
