using NetTroubleCms.Content.Resources;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Management;

/// <summary>Outcome of a content operation: the version written, or the errors that stopped it.</summary>
public sealed record ContentResult(ContentItem? Item, IReadOnlyList<ContentValidationError> Errors)
{
    /// <summary>True when the operation was carried out.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>A success.</summary>
    public static ContentResult Ok(ContentItem item) => new(item, []);

    /// <summary>A refusal with one message.</summary>
    public static ContentResult Fail(string member, string message) => new(null, [new ContentValidationError(member, message)]);
}

/// <summary>What an import did with one item version.</summary>
public enum ImportOutcome
{
    /// <summary>A new version row.</summary>
    Created,

    /// <summary>An existing version row changed in place.</summary>
    Updated,

    /// <summary>Identical to the stored version: nothing written.</summary>
    Unchanged,
}

/// <summary>What an import does when a translation's copy of a shared fact differs from the original's.</summary>
public enum TranslationConflictPolicy
{
    /// <summary>Refuse the import and name every disagreement (the default: nothing changes).</summary>
    Refuse,

    /// <summary>Keep the original's value; the translation's copy is dropped.</summary>
    OriginalWins,

    /// <summary>The translation's value replaces the original's, for the whole set.</summary>
    TranslationWins,
}

/// <summary>
/// The one entry point for content lifecycle: create, save draft, publish, unpublish, discard, remove, clone, restore
/// and import, keeping Orchard's invariants (at most one Latest and one Published row per item).
/// </summary>
public sealed class ContentManager(
    IContentStore store,
    ContentDefinitionManager definitions,
    IEnumerable<ContentHandler> handlers,
    IEnumerable<IContentEventSink> sinks,
    IContentUser user,
    TimeProvider clock,
    SiteSettingsManager siteSettings)
{
    /// <summary>A new, unsaved item of <paramref name="contentType"/> with fresh ids.</summary>
    public ContentItem New(string contentType) => new()
    {
        ContentItemId = IdGenerator.NewId(),
        ContentItemVersionId = IdGenerator.NewId(),
        ContentType = contentType,
    };

    /// <summary>The published or latest version.</summary>
    public async Task<ContentItem?> GetAsync(string contentItemId, VersionFilter filter = VersionFilter.Published, CancellationToken cancellationToken = default) =>
        ToItem(await store.GetAsync(contentItemId, filter, cancellationToken));

    /// <summary>A version by version id.</summary>
    public async Task<ContentItem?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default) =>
        ToItem(await store.GetVersionAsync(contentItemVersionId, cancellationToken));

    /// <summary>Every version of an item, oldest first, with its version number.</summary>
    public async Task<IReadOnlyList<(int Number, ContentItem Item)>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        [.. (await store.GetVersionsAsync(contentItemId, cancellationToken)).Select(r => (r.VersionNumber, ToItem(r)!))];

    /// <summary>The site's default culture (the language of every LocalizationSet's original), or null.</summary>
    public async Task<string?> DefaultCultureAsync(CancellationToken cancellationToken = default) =>
        LocalizationSets.DefaultCulture(await siteSettings.LoadAsync(cancellationToken));

    /// <summary>
    /// The original (default-culture item) of <paramref name="item"/>'s LocalizationSet in the version chosen by
    /// <paramref name="filter"/>, or null when the item is no translation or its set has no original.
    /// </summary>
    public async Task<ContentItem?> GetOriginalAsync(ContentItem item, VersionFilter filter, CancellationToken cancellationToken = default) =>
        await OriginalAsync(item, await definitions.LoadAsync(cancellationToken), filter, cancellationToken);

    /// <summary>
    /// <paramref name="item"/> as an editor or reader sees it: a translation gets the shared facts of its original's
    /// version chosen by <paramref name="filter"/>; any other item is returned as it is.
    /// </summary>
    public async Task<ContentItem> ComposeAsync(ContentItem item, VersionFilter filter, CancellationToken cancellationToken = default)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        if (!TranslationFacts.HasSharedFacts(item.ContentType, defs) || await GetOriginalAsync(item, filter, cancellationToken) is not { } original)
        {
            return item;
        }

        return TranslationFacts.Compose(item, original, defs);
    }

    /// <summary>Every item of the set (latest versions), the original first.</summary>
    public async Task<IReadOnlyList<ContentItem>> GetTranslationsAsync(string localizationSet, VersionFilter filter = VersionFilter.Latest, CancellationToken cancellationToken = default)
    {
        var culture = await DefaultCultureAsync(cancellationToken);
        var rows = await store.GetSetAsync(localizationSet, filter, cancellationToken);
        return [.. rows.OrderBy(r => string.Equals(r.Culture, culture, StringComparison.OrdinalIgnoreCase) ? 0 : 1).Select(r => ToItem(r)!)];
    }

    /// <summary>Stores a new item as a draft, or published when <paramref name="publish"/>.</summary>
    public async Task<ContentResult> CreateAsync(ContentItem item, bool publish, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(item.ContentItemId))
        {
            item.ContentItemId = IdGenerator.NewId();
        }

        if (await store.GetAsync(item.ContentItemId, VersionFilter.AllVersions, cancellationToken) is not null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("同じ ID のコンテンツが既にあります。"));
        }

        var defs = await definitions.LoadAsync(cancellationToken);
        if (defs.GetType(item.ContentType) is null)
        {
            return ContentResult.Fail("ContentType", EngineText.T("コンテンツタイプ「{0}」は定義されていません。", item.ContentType));
        }

        var now = Now;
        item.ContentItemVersionId = IdGenerator.NewId();
        item.CreatedUtc = now;
        item.ModifiedUtc = now;
        item.Owner = user.UserId;
        item.Author = user.UserName;
        item.Latest = true;
        item.Published = publish;
        item.PublishedUtc = publish ? now : null;
        var errors = await RunHandlersAsync(item, defs, isImport: false, cancellationToken);
        if (errors.Count > 0)
        {
            return new ContentResult(null, errors);
        }

        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        if (await SplitSharedFactsAsync(item, defs, publish, cancellationToken) is { } refused)
        {
            return refused;
        }

        await store.AddAsync(ToRecord(item, new ContentItemRecord { VersionNumber = 1 }, defs), cancellationToken);
        await RaiseAsync(ContentEventKind.Created, item, cancellationToken);
        if (publish)
        {
            await RaiseAsync(ContentEventKind.Published, item, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(item);
    }

    /// <summary>
    /// Saves <paramref name="edited"/> as the item's draft. When the latest version is published, a new version row is
    /// added (Versionable types); otherwise the draft row is updated. When <paramref name="expectedLatestVersionId"/>
    /// is given and someone else saved in between, nothing is written.
    /// </summary>
    public async Task<ContentResult> SaveDraftAsync(ContentItem edited, string? expectedLatestVersionId = null, CancellationToken cancellationToken = default) =>
        await SaveAsync(edited, expectedLatestVersionId, publish: false, cancellationToken);

    /// <summary>Saves <paramref name="edited"/> and publishes it in one step.</summary>
    public async Task<ContentResult> SaveAndPublishAsync(ContentItem edited, string? expectedLatestVersionId = null, CancellationToken cancellationToken = default) =>
        await SaveAsync(edited, expectedLatestVersionId, publish: true, cancellationToken);

    /// <summary>Publishes the latest version.</summary>
    public async Task<ContentResult> PublishAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var latest = await store.GetAsync(contentItemId, VersionFilter.Latest, cancellationToken);
        if (latest is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("コンテンツが見つかりません。"));
        }

        if (!latest.Published)
        {
            var previous = await store.GetAsync(contentItemId, VersionFilter.Published, cancellationToken);
            if (previous is not null)
            {
                previous.Published = false;
            }

            latest.Published = true;
            latest.PublishedUtc = Now;
            await store.SaveAsync(cancellationToken);
        }

        var item = ToItem(latest)!;
        await RaiseAsync(ContentEventKind.Published, item, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(item);
    }

    /// <summary>Withdraws the published version; the latest version stays as a draft.</summary>
    public async Task<ContentResult> UnpublishAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var published = await store.GetAsync(contentItemId, VersionFilter.Published, cancellationToken);
        if (published is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("公開中のバージョンがありません。"));
        }

        published.Published = false;
        published.ModifiedUtc = Now;
        await store.SaveAsync(cancellationToken);
        var item = ToItem(published)!;
        await RaiseAsync(ContentEventKind.Unpublished, item, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(item);
    }

    /// <summary>Throws the draft away; the published version becomes the latest again.</summary>
    public async Task<ContentResult> DiscardDraftAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var latest = await store.GetAsync(contentItemId, VersionFilter.Latest, cancellationToken);
        var published = await store.GetAsync(contentItemId, VersionFilter.Published, cancellationToken);
        if (latest is null || latest.Published || published is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("破棄できる下書きがありません（公開版のない下書きは削除してください）。"));
        }

        latest.Latest = false;
        published.Latest = true;
        await store.SaveAsync(cancellationToken);
        var item = ToItem(latest)!;
        await RaiseAsync(ContentEventKind.DraftDiscarded, item, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(ToItem(published)!);
    }

    /// <summary>Soft delete: every version loses its Latest and Published flags; history stays.</summary>
    public async Task<ContentResult> RemoveAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var versions = await store.GetVersionsAsync(contentItemId, cancellationToken);
        var current = versions.FirstOrDefault(v => v.Latest) ?? versions.FirstOrDefault(v => v.Published);
        if (current is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("コンテンツが見つかりません。"));
        }

        var item = ToItem(current)!;
        foreach (var version in versions)
        {
            version.Latest = false;
            version.Published = false;
        }

        await store.SaveAsync(cancellationToken);
        await RaiseAsync(ContentEventKind.Removed, item, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(item);
    }

    /// <summary>Copies the latest version into a new item, stored as a draft.</summary>
    public async Task<ContentResult> CloneAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        var source = await GetAsync(contentItemId, VersionFilter.Latest, cancellationToken);
        if (source is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("コンテンツが見つかりません。"));
        }

        var clone = source.Clone();
        clone.ContentItemId = IdGenerator.NewId();
        if (clone.Content["AutoroutePart"] is JsonObject route)
        {
            // A clone must not steal the original's URL; the pattern (or the editor) gives it a new one.
            route["Path"] = null;
        }

        var result = await CreateAsync(clone, publish: false, cancellationToken);
        if (result.Succeeded)
        {
            await RaiseAsync(ContentEventKind.Cloned, result.Item!, cancellationToken);
        }

        return result;
    }

    /// <summary>Makes an old version the new draft (a new version row; the published version is kept).</summary>
    public async Task<ContentResult> RestoreAsync(string contentItemVersionId, CancellationToken cancellationToken = default)
    {
        var old = await GetVersionAsync(contentItemVersionId, cancellationToken);
        if (old is null)
        {
            return ContentResult.Fail("ContentItemVersionId", EngineText.T("バージョンが見つかりません。"));
        }

        // An old version of a translation brings back its words; the facts stay the set's current ones.
        var defs = await definitions.LoadAsync(cancellationToken);
        if (await FindOriginalAsync(old, defs, cancellationToken) is not null)
        {
            TranslationFacts.Strip(old.Content, old.ContentType, defs);
        }

        var result = await SaveAsync(old, null, publish: false, cancellationToken, forceNewVersion: true);
        if (result.Succeeded)
        {
            await RaiseAsync(ContentEventKind.Restored, result.Item!, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Imports one version the way Orchard does: same version id → update in place if it differs (flags aside),
    /// unknown version id → a new version row that takes over the Published/Latest flags it carries.
    /// Throws <see cref="ContentImportException"/> when the item is malformed or invalid.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(ContentItem incoming, ContentDefinitionDocument defs, string jsonPath, List<string> warnings, TranslationConflictPolicy conflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default) =>
        await ImportAsync(incoming, defs, jsonPath, warnings, conflicts, new Dictionary<string, ContentItem>(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Imports one item as part of a recipe run; <paramref name="originalsBefore"/> is shared by the run's items (see
    /// <see cref="Recipes.RecipeImportResult"/>).
    /// </summary>
    internal async Task<ImportOutcome> ImportAsync(ContentItem incoming, ContentDefinitionDocument defs, string jsonPath, List<string> warnings, TranslationConflictPolicy conflicts, Dictionary<string, ContentItem> originalsBefore, CancellationToken cancellationToken) =>
        await ImportAsync(incoming, defs, jsonPath, warnings, conflicts, originalsBefore, null, cancellationToken);

    /// <summary>
    /// As above, with the site's default culture read once by the caller (<paramref name="culture"/>): a recipe step
    /// imports thousands of items, and the settings cannot change in the middle of one step.
    /// </summary>
    internal async Task<ImportOutcome> ImportAsync(ContentItem incoming, ContentDefinitionDocument defs, string jsonPath, List<string> warnings, TranslationConflictPolicy conflicts, Dictionary<string, ContentItem> originalsBefore, CultureHint? culture, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(incoming.ContentItemId))
        {
            throw new ContentImportException(jsonPath + ".ContentItemId", null, EngineText.T("ContentItemId がありません（必須です）。"));
        }

        if (string.IsNullOrWhiteSpace(incoming.ContentItemVersionId))
        {
            incoming.ContentItemVersionId = IdGenerator.NewId();
        }

        if (defs.GetType(incoming.ContentType) is null)
        {
            warnings.Add(EngineText.T("{0}: コンテンツタイプ「{1}」は定義されていません。アイテム {2} はそのまま保存しました。", jsonPath, incoming.ContentType, incoming.ContentItemId));
        }

        // The stored version's columns and hash, not its JSON: most items of a recipe imported again are unchanged,
        // and the hash tells so without reading the row.
        var stored = await store.GetVersionInfoAsync(incoming.ContentItemVersionId, cancellationToken);
        if (stored is not null && stored.ContentItemId != incoming.ContentItemId)
        {
            throw new ContentImportException(jsonPath + ".ContentItemVersionId", incoming.ContentItemId, EngineText.T("このバージョン ID は別のアイテムで使われています。"));
        }

        // The row's columns carry the dates its JSON would give back (see ToItem), without parsing the JSON.
        var now = Now;
        incoming.CreatedUtc ??= stored?.CreatedUtc ?? now;
        incoming.ModifiedUtc ??= stored?.ModifiedUtc ?? incoming.CreatedUtc;
        if (incoming.Published)
        {
            incoming.PublishedUtc ??= stored?.PublishedUtc ?? incoming.ModifiedUtc;
        }

        var errors = await RunHandlersAsync(incoming, defs, isImport: true, cancellationToken, jsonPath);
        if (errors.Count > 0)
        {
            var e = errors[0];
            throw new ContentImportException($"{jsonPath}.{e.Member}", incoming.ContentItemId, e.Message);
        }

        await ReconcileImportedTranslationAsync(incoming, defs, conflicts, jsonPath, originalsBefore, culture, cancellationToken);

        var data = Serialize(incoming);
        var hash = ContentItemRecord.HashData(data);
        var sameFlags = stored is not null && stored.Latest == incoming.Latest && stored.Published == incoming.Published;
        if (sameFlags && stored!.DataHash == hash && SameDates(stored.ModifiedUtc, stored.PublishedUtc, incoming))
        {
            return ImportOutcome.Unchanged;
        }

        // A different hash, or none (a row written before hashes were stored): the row itself is read and compared,
        // since the same content may have been written as other text.
        var existing = stored is null ? null : await store.GetVersionAsync(incoming.ContentItemVersionId, cancellationToken);
        if (existing is not null && sameFlags
            && (SameStoredText(existing, incoming, data) || SameContent(ToItem(existing)!, incoming)))
        {
            var storedHash = ContentItemRecord.HashData(existing.Data);
            if (existing.DataHash != storedHash)
            {
                // Filled in (or put right) once, so the next import of this version needs no read; no new revision,
                // since nothing anyone reads changed.
                existing.DataHash = storedHash;
                await store.SaveAsync(cancellationToken);
            }

            return ImportOutcome.Unchanged;
        }

        var versions = await store.GetVersionsAsync(incoming.ContentItemId, cancellationToken);
        foreach (var other in versions.Where(v => v.Id != existing?.Id))
        {
            if (incoming.Published)
            {
                other.Published = false;
                other.Latest = false;
            }
            else if (incoming.Latest)
            {
                other.Latest = false;
            }
        }

        ImportOutcome outcome;
        if (existing is not null)
        {
            ToRecord(incoming, existing, defs, data);
            outcome = ImportOutcome.Updated;
        }
        else
        {
            // A new version of an item the site already has is a change to that item, as an editor would say.
            // (Decided before the add: in a bulk import the store's list of versions grows with it.)
            outcome = versions.Count == 0 ? ImportOutcome.Created : ImportOutcome.Updated;
            var record = ToRecord(incoming, new ContentItemRecord { VersionNumber = versions.Count == 0 ? 1 : versions.Max(v => v.VersionNumber) + 1 }, defs, data);
            await store.AddAsync(record, cancellationToken);
        }

        await store.SaveAsync(cancellationToken);
        await RaiseAsync(ContentEventKind.Imported, incoming, cancellationToken);
        return outcome;
    }

    /// <summary>Runs Updating then Validating handlers; returns the errors.</summary>
    public async Task<IReadOnlyList<ContentValidationError>> RunHandlersAsync(ContentItem item, ContentDefinitionDocument defs, bool isImport, CancellationToken cancellationToken, string jsonPath = "$")
    {
        var context = new ContentContext(item, defs.GetType(item.ContentType), defs, isImport, jsonPath);
        foreach (var handler in handlers)
        {
            await handler.UpdatingAsync(context, cancellationToken);
        }

        foreach (var handler in handlers)
        {
            await handler.ValidatingAsync(context, cancellationToken);
        }

        return context.Errors;
    }

    private async Task<ContentResult> SaveAsync(ContentItem edited, string? expectedLatestVersionId, bool publish, CancellationToken cancellationToken, bool forceNewVersion = false, bool raiseEvents = true)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        var type = defs.GetType(edited.ContentType);
        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        var latest = await store.GetAsync(edited.ContentItemId, VersionFilter.Latest, cancellationToken);
        // A removed item has no latest row; like Orchard, a restore still brings it back as a draft.
        var basis = latest ?? (forceNewVersion ? await store.GetAsync(edited.ContentItemId, VersionFilter.AllVersions, cancellationToken) : null);
        if (basis is null)
        {
            return ContentResult.Fail("ContentItemId", EngineText.T("コンテンツが見つかりません（削除された可能性があります）。"));
        }

        if (expectedLatestVersionId is not null && latest?.ContentItemVersionId != expectedLatestVersionId)
        {
            return ContentResult.Fail("ContentItemVersionId",
                EngineText.T("他の人がこのコンテンツを先に保存しました（{0}、{1:yyyy-MM-dd HH:mm} UTC）。最新の内容を確認してから、もう一度編集してください。", basis.Author, basis.ModifiedUtc));
        }

        var item = edited.Clone();
        item.ContentType = basis.ContentType;
        item.CreatedUtc = basis.CreatedUtc;
        item.Owner = basis.Owner;
        item.ModifiedUtc = Now;
        item.Author = user.UserName;
        item.Latest = true;
        var errors = await RunHandlersAsync(item, defs, isImport: false, cancellationToken);
        if (errors.Count > 0)
        {
            return new ContentResult(null, errors);
        }

        if (await SplitSharedFactsAsync(item, defs, publish, cancellationToken) is { } refused)
        {
            return refused;
        }

        var versionable = type?.TypeSettings.Versionable ?? true;
        ContentItemRecord target;
        if (latest is null || forceNewVersion || (latest.Published && versionable))
        {
            latest?.Latest = false;
            var versions = await store.GetVersionsAsync(item.ContentItemId, cancellationToken);
            item.ContentItemVersionId = IdGenerator.NewId();
            item.Published = false;
            item.PublishedUtc = latest?.PublishedUtc;
            target = ToRecord(item, new ContentItemRecord { VersionNumber = versions.Max(v => v.VersionNumber) + 1 }, defs);
            await store.SaveAsync(cancellationToken);
            await store.AddAsync(target, cancellationToken);
        }
        else
        {
            item.ContentItemVersionId = latest.ContentItemVersionId;
            item.Published = false;
            item.PublishedUtc = latest.PublishedUtc;
            target = ToRecord(item, latest, defs);
            await store.SaveAsync(cancellationToken);
        }

        if (raiseEvents)
        {
            await RaiseAsync(ContentEventKind.Saved, item, cancellationToken);
        }

        if (publish)
        {
            var previous = await store.GetAsync(item.ContentItemId, VersionFilter.Published, cancellationToken);
            if (previous is not null && previous.Id != target.Id)
            {
                previous.Published = false;
            }

            target.Published = true;
            target.PublishedUtc = Now;
            item.Published = true;
            item.PublishedUtc = target.PublishedUtc;
            target.Data = Serialize(item);
            await store.SaveAsync(cancellationToken);
            if (raiseEvents)
            {
                await RaiseAsync(ContentEventKind.Published, item, cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return ContentResult.Ok(item);
    }

    private async Task<ContentItem?> FindOriginalAsync(ContentItem item, ContentDefinitionDocument defs, CancellationToken cancellationToken) =>
        TranslationFacts.HasSharedFacts(item.ContentType, defs) ? await OriginalAsync(item, defs, VersionFilter.Latest, cancellationToken) : null;

    private async Task<ContentItem?> OriginalAsync(ContentItem item, ContentDefinitionDocument defs, VersionFilter filter, CancellationToken cancellationToken, CultureHint? hint = null)
    {
        var culture = hint is null ? await DefaultCultureAsync(cancellationToken) : hint.Culture;
        if (!LocalizationSets.IsTranslation(item, culture, defs))
        {
            return null;
        }

        var rows = await store.GetSetAsync(LocalizationSets.SetOf(item, defs)!, filter, cancellationToken);
        return rows.Where(r => r.ContentItemId != item.ContentItemId && string.Equals(r.Culture, culture, StringComparison.OrdinalIgnoreCase))
            .Select(r => ToItem(r)!)
            .FirstOrDefault(o => o.ContentType == item.ContentType);
    }

    // A translation owns its words only. Shared facts it carries that differ from the original's are written to the
    // original (same transaction, same action, no second audit entry), then dropped from the translation's row, which
    // records the original's words hash so a later change of those words marks it out of date.
    private async Task<ContentResult?> SplitSharedFactsAsync(ContentItem item, ContentDefinitionDocument defs, bool publish, CancellationToken cancellationToken)
    {
        if (await FindOriginalAsync(item, defs, cancellationToken) is not { } original)
        {
            return null;
        }

        TranslationFacts.AlignBagItems(item.Content, original.Content, item.ContentType, defs);
        var changed = TranslationFacts.Compare(item, original, defs);
        if (changed.Count > 0)
        {
            if (publish && !original.Published)
            {
                // Publishing the original's pending draft along with one fact would publish words nobody reviewed.
                return ContentResult.Fail(changed[0].Path,
                    EngineText.T("原文（{0}）に未公開の下書きがあるため、共有の情報（{1}）を公開できません。先に原文の下書きを公開するか破棄してください。", LocalizationSets.CultureOf(original, defs), string.Join("、", changed.Select(c => c.Label))));
            }

            var updated = original.Clone();
            TranslationFacts.Overlay(updated.Content, item.Content, item.ContentType, defs);
            var written = await SaveAsync(updated, null, publish, cancellationToken, raiseEvents: false);
            if (!written.Succeeded)
            {
                return written;
            }
        }

        TranslationFacts.Strip(item.Content, item.ContentType, defs);
        if (LocalizationSets.PartOf(item, defs) is { } localization)
        {
            localization[LocalizationSets.SourceTextHashKey] = TranslationFacts.TextHash(original, defs);
        }

        return null;
    }

    // A recipe brings each culture's item complete (Orchard's shape). The copies of shared facts must agree with the
    // original; when they do not, the policy says which wins, and by default nothing is imported.
    private async Task ReconcileImportedTranslationAsync(ContentItem incoming, ContentDefinitionDocument defs, TranslationConflictPolicy policy, string jsonPath, Dictionary<string, ContentItem> originalsBefore, CultureHint? culture, CancellationToken cancellationToken)
    {
        if (!TranslationFacts.HasSharedFacts(incoming.ContentType, defs) || await OriginalAsync(incoming, defs, VersionFilter.Latest, cancellationToken, culture) is not { } original)
        {
            return;
        }

        TranslationFacts.AlignBagItems(incoming.Content, original.Content, incoming.ContentType, defs);
        // Once a translation of this import has won, the set's other copies are judged against what the original said
        // before, so an untouched copy (the old value) neither undoes the winner nor counts as a disagreement.
        var basis = originalsBefore.GetValueOrDefault(original.ContentItemId) ?? original;
        var disagreements = TranslationFacts.Compare(incoming, basis, defs);
        if (disagreements.Count > 0)
        {
            switch (policy)
            {
                case TranslationConflictPolicy.Refuse:
                    throw new TranslationConflictException(jsonPath, incoming.ContentItemId, original.ContentItemId, disagreements);
                case TranslationConflictPolicy.TranslationWins:
                    originalsBefore.TryAdd(original.ContentItemId, original.Clone());
                    var record = await store.GetVersionAsync(original.ContentItemVersionId, cancellationToken);
                    var updated = original.Clone();
                    TranslationFacts.Overlay(updated.Content, incoming.Content, incoming.ContentType, defs);
                    ToRecord(updated, record!, defs);
                    await store.SaveAsync(cancellationToken);
                    await RaiseAsync(ContentEventKind.Imported, updated, cancellationToken);
                    break;
            }
        }

        TranslationFacts.Strip(incoming.Content, incoming.ContentType, defs);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task RaiseAsync(ContentEventKind kind, ContentItem item, CancellationToken cancellationToken)
    {
        var e = new ContentEvent(kind, item.Clone(), user.UserId, user.UserName, Now);
        foreach (var sink in sinks)
        {
            await sink.OnEventAsync(e, cancellationToken);
        }
    }

    // The stored text is what Serialize gave when the row was written; when it equals the incoming item's text and the
    // row's date columns (which ToItem lets win over the JSON) agree too, the item is unchanged without a parse.
    private static bool SameStoredText(ContentItemRecord existing, ContentItem incoming, string data) =>
        string.Equals(existing.Data, data, StringComparison.Ordinal) && SameDates(existing.ModifiedUtc, existing.PublishedUtc, incoming);

    private static bool SameDates(DateTime? modifiedUtc, DateTime? publishedUtc, ContentItem incoming) =>
        ContentItem.FormatDate(modifiedUtc) == ContentItem.FormatDate(incoming.ModifiedUtc)
        && ContentItem.FormatDate(publishedUtc) == ContentItem.FormatDate(incoming.PublishedUtc);

    private static bool SameContent(ContentItem a, ContentItem b)
    {
        var x = a.ToJson();
        var y = b.ToJson();
        foreach (var key in new[] { "Latest", "Published" })
        {
            x.Remove(key);
            y.Remove(key);
        }

        return JsonNode.DeepEquals(x, y);
    }

    /// <summary>Rebuilds an item from its row; the row's flags win over the JSON copy.</summary>
    public static ContentItem? ToItem(ContentItemRecord? record)
    {
        if (record is null)
        {
            return null;
        }

        var item = ContentItem.Parse(record.Data);
        item.Latest = record.Latest;
        item.Published = record.Published;
        item.PublishedUtc = record.PublishedUtc;
        item.ModifiedUtc = record.ModifiedUtc;
        return item;
    }

    private static string Serialize(ContentItem item) => item.ToJsonString(ContentJson.Compact);

    private static ContentItemRecord ToRecord(ContentItem item, ContentItemRecord record, ContentDefinitionDocument defs, string? data = null)
    {
        var type = defs.GetType(item.ContentType);
        var routeName = type?.GetPartOfType("AutoroutePart")?.Name ?? "AutoroutePart";
        var localizationName = type?.GetPartOfType("LocalizationPart")?.Name ?? "LocalizationPart";
        record.ContentItemId = item.ContentItemId;
        record.ContentItemVersionId = item.ContentItemVersionId;
        record.ContentType = item.ContentType;
        record.DisplayText = item.DisplayText is { Length: > 1000 } text ? text[..1000] : item.DisplayText;
        record.Latest = item.Latest;
        record.Published = item.Published;
        record.CreatedUtc = item.CreatedUtc;
        record.ModifiedUtc = item.ModifiedUtc;
        record.PublishedUtc = item.PublishedUtc;
        record.Owner = item.Owner;
        record.Author = item.Author;
        record.Path = (item.Part(routeName)?["Path"] as JsonValue)?.TryGetValue(out string? path) == true ? path : null;
        var localization = item.Part(localizationName);
        record.Culture = (localization?["Culture"] as JsonValue)?.ToString();
        record.LocalizationSet = (localization?["LocalizationSet"] as JsonValue)?.ToString();
        record.Data = data ?? Serialize(item);
        return record;
    }
}

/// <summary>The site's default culture as read once for a batch of imports (null: the site names none).</summary>
internal sealed record CultureHint(string? Culture);

/// <summary>An item in a recipe that cannot be imported; names the JSON path and the item.</summary>
public sealed class ContentImportException(string jsonPath, string? contentItemId, string message)
    : Exception($"{jsonPath}{(contentItemId is null ? "" : EngineText.T(" (アイテム {0})", contentItemId))}: {message}")
{
    /// <summary>Where in the recipe.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>Which item, when known.</summary>
    public string? ContentItemId { get; } = contentItemId;

    /// <summary>What is wrong, without the path and the item.</summary>
    public string Reason { get; } = message;
}

/// <summary>A translation in a recipe whose copies of shared facts differ from its original's.</summary>
public sealed class TranslationConflictException(string jsonPath, string contentItemId, string originalId, IReadOnlyList<FactDisagreement> disagreements)
    : Exception(Describe(jsonPath, contentItemId, originalId, disagreements))
{
    /// <summary>Where in the recipe.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>The translation.</summary>
    public string ContentItemId { get; } = contentItemId;

    /// <summary>The original it disagrees with.</summary>
    public string OriginalId { get; } = originalId;

    /// <summary>Every disagreement: field and both values.</summary>
    public IReadOnlyList<FactDisagreement> Disagreements { get; } = disagreements;

    /// <summary>The message without the location.</summary>
    public string Reason => Describe(null, null, OriginalId, Disagreements);

    private static string Describe(string? jsonPath, string? contentItemId, string originalId, IReadOnlyList<FactDisagreement> disagreements)
    {
        var where = jsonPath is null ? "" : EngineText.T("{0} (アイテム {1}): ", jsonPath, contentItemId);
        var rows = string.Join("; ", disagreements.Select(d => EngineText.T("{0}（{1}）原文 {2} / 翻訳 {3}", d.Label, d.Path, d.OriginalValue, d.TranslationValue)));
        return EngineText.T("{0}翻訳の共有情報が原文 {1} と食い違っています: {2}。どちらを採るか指定して取り込み直してください（原文を採る: original、翻訳を採る: translation）。", where, originalId, rows);
    }
}
