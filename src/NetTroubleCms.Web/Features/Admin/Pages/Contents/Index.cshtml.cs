using Microsoft.AspNetCore.Mvc;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using ContentResult = NetTroubleCms.Content.Management.ContentResult;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Permissions;

namespace NetTroubleCms.Web.Features.Admin.Pages.Contents;

/// <summary>Content list per type and across types: search, status filter, sort, paging, bulk publish/unpublish.</summary>
[RequirePermission(CmsPermissions.ListContent)]
public sealed class ContentsIndexModel(ContentDefinitionManager definitions, IContentStore store, ContentManager manager) : AdminPageModel
{
    private const int PageSize = 25;

    /// <summary>A row.</summary>
    public sealed record Row(string ContentItemId, string? DisplayText, string ContentType, string StatusLabel, string? Culture, DateTime? ModifiedUtc, string? Author)
    {
        /// <summary>The other languages of the item's set.</summary>
        public IReadOnlyList<TranslationLink> Translations { get; init; } = [];

        /// <summary>Display name of the type.</summary>
        public string? TypeName { get; init; }
    }

    /// <summary>One translation of a listed item.</summary>
    public sealed record TranslationLink(string ContentItemId, string Culture, bool OutOfDate);

    /// <summary>Type filter.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    /// <summary>Display text contains.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>draft, published or hasdraft.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>modified, published, created or title.</summary>
    [BindProperty(SupportsGet = true)]
    public string Sort { get; set; } = "modified";

    /// <summary>1-based page.</summary>
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    /// <summary>Types offered in the filter.</summary>
    public IReadOnlyList<ContentTypeDefinitionRecord> ListableTypes { get; private set; } = [];

    /// <summary>Name of the filtered type.</summary>
    public string? TypeDisplayName { get; private set; }

    /// <summary>True when the filtered type can be created.</summary>
    public bool Creatable { get; private set; }

    /// <summary>Rows of this page.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Matching items.</summary>
    public int Total { get; private set; }

    /// <summary>Rows skipped.</summary>
    public int Skip => (PageNumber - 1) * PageSize;

    /// <summary>Number of pages.</summary>
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Link to another page with the same filters.</summary>
    public string PageUrl(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["type"] = Type,
        ["q"] = Q,
        ["status"] = Status,
        ["sort"] = Sort,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }).ToUriComponent() is var qs ? "/admin/contents" + qs : "/admin/contents";

    /// <summary>Lists.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var defs = await definitions.LoadAsync(cancellationToken);
        ListableTypes = [.. defs.ContentTypes.Where(t => t.TypeSettings.Listable)];
        var type = Type is null ? null : defs.GetType(Type);
        TypeDisplayName = type?.DisplayName ?? type?.Name;
        Creatable = type?.TypeSettings.Creatable == true;
        var types = type is not null ? [type.Name] : ListableTypes.Select(t => t.Name).ToList();
        var query = new ContentQuery
        {
            ContentTypes = types,
            DisplayTextContains = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
            HasDraft = Status switch { "draft" or "hasdraft" => true, "published" => false, _ => null },
            OrderBy = Sort is "published" or "created" or "title" ? Sort : "modified",
            OneRowPerSetIn = await manager.DefaultCultureAsync(cancellationToken),
        };
        if (Status == "hasdraft")
        {
            // "Published with unpublished changes" needs the published rows too: filter in memory over the drafts.
            var (drafts, _) = await store.QueryAsync(query, cancellationToken);
            var published = new List<ContentItemRecord>();
            foreach (var d in drafts)
            {
                if (await store.GetAsync(d.ContentItemId, VersionFilter.Published, cancellationToken) is not null)
                {
                    published.Add(d);
                }
            }

            Total = published.Count;
            Rows = await WithTranslationsAsync([.. published.Skip(Skip).Take(PageSize).Select(r => ToRow(r, true))], defs, cancellationToken);
            return;
        }

        var (rows, total) = await store.QueryAsync(query with { Skip = Skip, Take = PageSize }, cancellationToken);
        Total = total;
        var result = new List<Row>();
        foreach (var r in rows)
        {
            var hasPublished = r.Published || await store.GetAsync(r.ContentItemId, VersionFilter.Published, cancellationToken) is not null;
            result.Add(ToRow(r, hasPublished));
        }

        Rows = await WithTranslationsAsync(result, defs, cancellationToken);
    }

    // Each row shows the languages of its set, and which translations lag behind the original's words.
    private async Task<IReadOnlyList<Row>> WithTranslationsAsync(List<Row> rows, ContentDefinitionDocument defs, CancellationToken cancellationToken)
    {
        var shown = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var typeName = defs.GetType(row.ContentType)?.DisplayName ?? row.ContentType;
            var item = await manager.GetAsync(row.ContentItemId, VersionFilter.Latest, cancellationToken);
            if (item is null || LocalizationSets.SetOf(item, defs) is not { } set)
            {
                shown.Add(row with { TypeName = typeName });
                continue;
            }

            var members = await manager.GetTranslationsAsync(set, VersionFilter.Latest, cancellationToken);
            var links = members.Where(m => m.ContentItemId != row.ContentItemId)
                .Select(m => new TranslationLink(m.ContentItemId, LocalizationSets.CultureOf(m, defs) ?? "", LocalizationSets.IsOutOfDate(m, item, defs)))
                .ToList();
            shown.Add(row with { TypeName = typeName, Translations = links });
        }

        return shown;
    }

    /// <summary>Publishes the selected items' latest versions.</summary>
    public Task<IActionResult> OnPostPublishAsync(string[] ids, string? returnUrl, CancellationToken cancellationToken) =>
        BulkAsync(ids, returnUrl, CmsPermissions.PublishContent, manager.PublishAsync, "件を公開しました。", cancellationToken);

    /// <summary>Withdraws the selected items.</summary>
    public Task<IActionResult> OnPostUnpublishAsync(string[] ids, string? returnUrl, CancellationToken cancellationToken) =>
        BulkAsync(ids, returnUrl, CmsPermissions.PublishContent, manager.UnpublishAsync, "件を非公開にしました。", cancellationToken);

    private async Task<IActionResult> BulkAsync(string[] ids, string? returnUrl, string permission, Func<string, CancellationToken, Task<ContentResult>> action, string done, CancellationToken cancellationToken)
    {
        var ok = 0;
        var refused = 0;
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
            if (item is null || !await CanAsync(permission, item))
            {
                refused++;
                continue;
            }

            if ((await action(id, cancellationToken)).Succeeded)
            {
                ok++;
            }
            else
            {
                refused++;
            }
        }

        var t = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.AdminText>>();
        StatusMessage = $"{ok} {t[done]}" + (refused > 0 ? " " + t["{0} 件は権限がないか対象外のため処理しませんでした。", refused] : "");
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/admin/contents");
    }

    private static Row ToRow(ContentItemRecord r, bool hasPublished) => new(
        r.ContentItemId, r.DisplayText, r.ContentType,
        r.Published ? "公開中" : hasPublished ? "公開中（未公開の変更あり）" : "下書き",
        r.Culture, r.ModifiedUtc, r.Author);
}
