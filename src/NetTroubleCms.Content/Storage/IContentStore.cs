namespace NetTroubleCms.Content.Storage;

/// <summary>Which versions a query or lookup wants.</summary>
public enum VersionFilter
{
    /// <summary>The public version.</summary>
    Published,

    /// <summary>The newest version (draft or published).</summary>
    Latest,

    /// <summary>Every version, deleted ones included.</summary>
    AllVersions,
}

/// <summary>
/// Identifies one published row's content: the database key, the version id (unique across databases, so a restored
/// or different database never looks unchanged) and the revision bumped on every write of the row.
/// </summary>
public readonly record struct PublishedRowKey(long Id, string ContentItemVersionId, int Revision);

/// <summary>
/// What an import needs to know of a stored version before deciding whether it changed: its columns and the hash of
/// its JSON (<see cref="ContentItemRecord.DataHash"/>), not the JSON itself.
/// </summary>
public sealed record StoredVersion(string ContentItemId, bool Latest, bool Published, DateTime? CreatedUtc, DateTime? ModifiedUtc, DateTime? PublishedUtc, string? DataHash)
{
    /// <summary>The summary of a row (null for none).</summary>
    public static StoredVersion? Of(ContentItemRecord? record) => record is null
        ? null
        : new(record.ContentItemId, record.Latest, record.Published, record.CreatedUtc, record.ModifiedUtc, record.PublishedUtc, record.DataHash);
}

/// <summary>A list query over stored versions.</summary>
public sealed record ContentQuery
{
    /// <summary>Which versions.</summary>
    public VersionFilter Versions { get; init; } = VersionFilter.Latest;

    /// <summary>Restrict to these types (empty = all).</summary>
    public IReadOnlyCollection<string> ContentTypes { get; init; } = [];

    /// <summary>Display text contains.</summary>
    public string? DisplayTextContains { get; init; }

    /// <summary>Only items whose latest version is a draft on top of (or without) a published one.</summary>
    public bool? HasDraft { get; init; }

    /// <summary>When set (the default culture), translations of a set that has an original in it are left out.</summary>
    public string? OneRowPerSetIn { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Rows to take (null = all).</summary>
    public int? Take { get; init; }

    /// <summary>Order: "modified" (default, newest first), "created", "published", "title".</summary>
    public string OrderBy { get; init; } = "modified";
}

/// <summary>The one storage seam of the engine. Every write is part of the ambient transaction if one is open.</summary>
public interface IContentStore
{
    /// <summary>The version of an item selected by <paramref name="filter"/> (Published or Latest).</summary>
    Task<ContentItemRecord?> GetAsync(string contentItemId, VersionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>A version by its version id.</summary>
    Task<ContentItemRecord?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A version's columns and JSON hash, without its JSON (null when there is no such version). In a bulk scope this
    /// comes from the index loaded at its start, so an import tells an unchanged item without reading its row.
    /// </summary>
    async Task<StoredVersion?> GetVersionInfoAsync(string contentItemVersionId, CancellationToken cancellationToken = default) =>
        StoredVersion.Of(await GetVersionAsync(contentItemVersionId, cancellationToken));

    /// <summary>Every version of an item, oldest first.</summary>
    Task<IReadOnlyList<ContentItemRecord>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default);

    /// <summary>Rows matching a query, and the total count before paging.</summary>
    Task<(IReadOnlyList<ContentItemRecord> Rows, int Total)> QueryAsync(ContentQuery query, CancellationToken cancellationToken = default);

    /// <summary>The versions selected by <paramref name="filter"/> of every item in a LocalizationSet.</summary>
    Task<IReadOnlyList<ContentItemRecord>> GetSetAsync(string localizationSet, VersionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Every published row, in insertion order.</summary>
    Task<IReadOnlyList<ContentItemRecord>> GetAllPublishedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The keys of every published row, in insertion order: enough to tell which rows changed since an earlier read
    /// without reading their JSON (the snapshot rebuild reads only those).
    /// </summary>
    Task<IReadOnlyList<PublishedRowKey>> GetPublishedKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>The published rows among <paramref name="ids"/> (database keys), in insertion order.</summary>
    Task<IReadOnlyList<ContentItemRecord>> GetPublishedRowsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>True when another item's published or latest version uses <paramref name="path"/>.</summary>
    Task<bool> IsPathTakenAsync(string path, string contentItemId, CancellationToken cancellationToken = default);

    /// <summary>Adds a row.</summary>
    Task AddAsync(ContentItemRecord record, CancellationToken cancellationToken = default);

    /// <summary>Saves changes to tracked rows (bumping their revision).</summary>
    Task SaveAsync(CancellationToken cancellationToken = default);

    /// <summary>A named document, or null.</summary>
    Task<DocumentRecord?> GetDocumentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Writes a named document.</summary>
    Task SaveDocumentAsync(string name, string content, CancellationToken cancellationToken = default);

    /// <summary>Opens a transaction; nested calls join the open one.</summary>
    Task<IContentTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets everything tracked (after a rollback).</summary>
    void Reset();

    /// <summary>True while a bulk scope is open (see <see cref="BeginBulkAsync"/>).</summary>
    bool InBulk => false;

    /// <summary>
    /// Starts a bulk scope inside the open transaction, for imports of many items: writes are collected and saved in
    /// batches, lookups by id and path are answered from an index loaded once, and nothing stays tracked between
    /// batches. Everything is still written inside the caller's transaction, so a rollback discards it all.
    /// </summary>
    Task<IContentBulkScope> BeginBulkAsync(CancellationToken cancellationToken = default) => Task.FromResult<IContentBulkScope>(new NoBulkScope());

    /// <summary>
    /// In a bulk scope, takes a new row of any entity type of the store's model (an audit entry, say) to be inserted
    /// with the current batch, in the same transaction, without being tracked meanwhile. False outside a bulk scope:
    /// the caller then saves the row itself.
    /// </summary>
    bool QueueInBulk(object row) => false;

    /// <summary>A hint that these versions are about to be read, in this order, so they can be fetched in batches.</summary>
    void ExpectVersions(IReadOnlyList<string> contentItemVersionIds)
    {
    }

    /// <summary>The default for stores without a bulk mode: every call saves at once, nothing to flush.</summary>
    private sealed class NoBulkScope : IContentBulkScope
    {
        public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A bulk scope: flush to write what is pending, dispose to leave bulk mode (pending writes not flushed are dropped).</summary>
public interface IContentBulkScope : IAsyncDisposable
{
    /// <summary>Writes every pending change in one save (still inside the transaction).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>A unit of work: commit, or dispose to roll back.</summary>
public interface IContentTransaction : IAsyncDisposable
{
    /// <summary>Makes every write since the start durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>Told after every durable write, so caches of published content know to refresh.</summary>
public interface IContentCommitObserver
{
    /// <summary>Something was committed.</summary>
    void Committed();
}
