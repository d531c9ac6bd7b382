using NetTroubleCms.Content.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Links;
using NetTroubleCms.Web.Features.Verification;

namespace NetTroubleCms.Web.Features.Admin.Pages;

/// <summary>The dashboard: content per type, link-check findings, channels due for verification, shortcuts.</summary>
public sealed class IndexModel(
    ContentDefinitionManager definitions,
    IContentStore store,
    ContentManager manager,
    LinkReport links,
    NetTroubleCms.Content.Editions.EditionService editions,
    ChannelVerification verification,
    IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>A row of the type table.</summary>
    public sealed record TypeRow(string Name, string DisplayName, int Count, int Drafts, bool Creatable);

    /// <summary>Listable types with counts.</summary>
    public IReadOnlyList<TypeRow> Types { get; private set; } = [];

    /// <summary>A translation written before its original's words last changed.</summary>
    public sealed record StaleTranslation(string ContentItemId, string? DisplayText, string Culture, string TypeName);

    /// <summary>Translations to bring up to date.</summary>
    public IReadOnlyList<StaleTranslation> Stale { get; private set; } = [];

    /// <summary>Easy-Japanese texts the check finds hard to read (latest versions).</summary>
    public IReadOnlyList<EasyJapaneseNote> EasyJapanese { get; private set; } = [];

    /// <summary>Loads the counts.</summary>
    /// <summary>Broken links and permanent redirects found by the last checks.</summary>
    public LinkReportSummary Links { get; private set; } = new(0, null, [], []);

    /// <summary>Channels never verified or verified too long ago.</summary>
    public IReadOnlyList<DueChannel> Due { get; private set; } = [];

    /// <summary>Open conflicts between the site's layer and its base guide; null when the site has no base.</summary>
    public int? EditionConflicts { get; private set; }

    /// <summary>Loads the counts and findings.</summary>
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
        EasyJapanese = EasyJapaneseReport.For(items.Where(i => LocalizationSets.CultureOf(i, defs) == EasyJapaneseCheck.Culture), items.Where(i => i.ContentType == "Agency"), defs, t);
        Links = await links.LoadAsync(cancellationToken);
        Due = await verification.DueAsync(cancellationToken);
        EditionConflicts = !await editions.HasBaseAsync(cancellationToken) ? null : (await editions.GetConflictsAsync(cancellationToken)).Count;
    }

    /// <summary>「新しいアドレスを使う」: a draft of every item showing the old URL, with the checked final URL in its place.</summary>
    public async Task<IActionResult> OnPostUseNewAddressAsync(string url, [FromServices] LinkRewriter rewriter, CancellationToken cancellationToken)
    {
        var report = await links.LoadAsync(cancellationToken);
        var row = report.Moved.FirstOrDefault(r => r.Result.Url == url);
        if (row is null || !row.CanUseNewAddress)
        {
            StatusMessage = t["このアドレスの移転先は確認されていません。リンクを確認し直してください。"];
            return RedirectToPage();
        }

        var done = new List<string>();
        var failed = new List<string>();
        foreach (var id in row.Occurrences.Select(o => o.ContentItemId).Distinct(StringComparer.Ordinal))
        {
            var item = await manager.GetAsync(id, VersionFilter.Latest, cancellationToken);
            if (item is null || !await CanAsync(CmsPermissions.EditContent, item))
            {
                failed.Add(item?.DisplayText ?? id);
                continue;
            }

            var result = await rewriter.RewriteAsync(id, url, row.Result.FinalUrl!, cancellationToken);
            (result.Succeeded ? done : failed).Add(result.DisplayText ?? id);
        }

        StatusMessage = failed.Count == 0
            ? t["下書きを作成しました（未公開）: {0}。内容を確認してから公開してください。", string.Join("、", done)]
            : t["下書きを作成しました: {0}。作成できなかったもの: {1}", string.Join("、", done), string.Join("、", failed)];
        return RedirectToPage();
    }

    /// <summary>「今日確認した」: stamps today's date on one channel.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(string agencyId, string channelId, CancellationToken cancellationToken)
    {
        var item = await manager.GetAsync(agencyId, VersionFilter.Latest, cancellationToken);
        if (item is null || !await CanAsync(CmsPermissions.EditContent, item))
        {
            return Denied();
        }

        var (outcome, error) = await verification.MarkVerifiedAsync(agencyId, channelId, await CanAsync(CmsPermissions.PublishContent, item), cancellationToken);
        StatusMessage = outcome switch
        {
            VerifiedAs.Published => t["「{0}」の連絡先を今日確認済みにし、公開しました。", item.DisplayText ?? agencyId],
            VerifiedAs.Draft => t["「{0}」の確認日を下書きに記録しました。下書きを公開すると表示されます。", item.DisplayText ?? agencyId],
            _ => t["確認日を記録できませんでした: {0}", error ?? ""],
        };
        return RedirectToPage();
    }
}
