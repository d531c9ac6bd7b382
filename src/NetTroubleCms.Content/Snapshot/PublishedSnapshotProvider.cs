using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Snapshot;

/// <summary>Options for the published snapshot.</summary>
public sealed class SnapshotOptions
{
    /// <summary>How often an instance asks the database whether another instance published something.</summary>
    // A stamp read is one row by its key (well under a millisecond), made only while requests come in: ten a second
    // cost nothing, and an import by the command line or another instance is noticed within a tenth of a second.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// Holds the current <see cref="PublishedSnapshot"/>. A local commit marks it stale at once; changes made by other
/// instances are seen through the publish stamp document, checked at most once per <see cref="SnapshotOptions.PollInterval"/>.
/// </summary>
public sealed class PublishedSnapshotProvider(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SnapshotOptions> options, ILogger<PublishedSnapshotProvider>? logger = null)
    : IContentCommitObserver, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PublishedSnapshot? _current;
    private long _lastCheck;

    // Local commits are counted; a snapshot records the count it was read after. A request that must see a commit
    // waits for a snapshot whose count covers it, so a rebuild that started before the commit cannot stand in for it.
    private long _commits;
    private long _builtAfter = -1;

    // The previous build's rows and compositions, reused by the next build; touched only under the gate.
    private Dictionary<long, RowEntry>? _rows;
    private Dictionary<ContentItem, (ContentItem Original, ContentItem Composed)>? _composed;
    private string? _composeKey;

    /// <inheritdoc />
    public void Committed() => Interlocked.Increment(ref _commits);

    /// <summary>The snapshot, rebuilt first when it is stale.</summary>
    public ValueTask<PublishedSnapshot> GetAsync(CancellationToken cancellationToken = default) => GetAsync(waitForRebuild: false, cancellationToken);

    /// <summary>
    /// The snapshot including every commit made before this call, waiting for a rebuild that is in progress. For
    /// the person who just published: their next page must show the change, while readers keep the previous snapshot.
    /// </summary>
    public ValueTask<PublishedSnapshot> GetCurrentAsync(CancellationToken cancellationToken = default) => GetAsync(waitForRebuild: true, cancellationToken);

    private async ValueTask<PublishedSnapshot> GetAsync(bool waitForRebuild, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        var wanted = Interlocked.Read(ref _commits);
        if (current is not null && Interlocked.Read(ref _builtAfter) >= wanted && !PollDue())
        {
            return current;
        }

        if (current is not null && !waitForRebuild && !await _gate.WaitAsync(0, cancellationToken))
        {
            // Another request is rebuilding: keep serving the previous snapshot until the new one is swapped in,
            // instead of queueing every request behind the rebuild.
            return current;
        }

        if (current is null || waitForRebuild)
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            current = _current;
            var pollDue = PollDue();
            if (current is not null && _builtAfter >= wanted && !pollDue)
            {
                // A rebuild that ran while this request waited already covers every commit it must see.
                return current;
            }

            // Read before the database, so that a commit landing during the rebuild leaves the result stale.
            var commits = Interlocked.Read(ref _commits);
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IContentStore>();
            var stamp = (await store.GetDocumentAsync(PublishedStamp.DocumentName, cancellationToken))?.Content ?? "";
            Interlocked.Exchange(ref _lastCheck, clock.GetTimestamp());
            if (current is not null && _builtAfter >= commits && stamp == current.Stamp)
            {
                return current;
            }

            var built = await BuildAsync(scope.ServiceProvider, stamp, cancellationToken);
            Volatile.Write(ref _current, built);
            Interlocked.Exchange(ref _builtAfter, commits);
            return built;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool PollDue() => clock.GetElapsedTime(Interlocked.Read(ref _lastCheck)) >= options.Value.PollInterval;

    private async Task<PublishedSnapshot> BuildAsync(IServiceProvider services, string stamp, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var store = services.GetRequiredService<IContentStore>();
        var definitions = await services.GetRequiredService<ContentDefinitionManager>().LoadAsync(cancellationToken);
        JsonObject settings = await services.GetRequiredService<SiteSettingsManager>().LoadAsync(cancellationToken);
        var defaultCulture = LocalizationSets.DefaultCulture(settings);

        // Incremental: only rows that are new or were written since the previous build are read and parsed; every
        // other item is the previous build's object (snapshot items are never changed once built). Cost grows with
        // what was published, not with the size of the site.
        var keys = await store.GetPublishedKeysAsync(cancellationToken);
        var previous = _rows;
        var changed = new List<long>();
        foreach (var key in keys)
        {
            if (previous is null || !previous.TryGetValue(key.Id, out var entry) || entry.Key != key)
            {
                changed.Add(key.Id);
            }
        }

        var loaded = changed.Count == 0
            ? new Dictionary<long, ContentItemRecord>()
            : (await store.GetPublishedRowsAsync(changed, cancellationToken)).ToDictionary(r => r.Id);
        var rows = new Dictionary<long, RowEntry>(keys.Count);
        var raw = new List<ContentItem>(keys.Count);
        foreach (var key in keys)
        {
            RowEntry entry;
            if (loaded.TryGetValue(key.Id, out var record))
            {
                entry = new RowEntry(new PublishedRowKey(record.Id, record.ContentItemVersionId, record.Revision), ContentManager.ToItem(record)!);
            }
            else if (previous is not null && previous.TryGetValue(key.Id, out var kept) && kept.Key == key)
            {
                entry = kept;
            }
            else
            {
                // Unpublished between the two reads: that commit is counted after this build's start, so the next read
                // rebuilds.
                continue;
            }

            rows[key.Id] = entry;
            raw.Add(entry.Item);
        }

        // A translation is composed again only when it or its original changed, or the rules of composing did.
        var definitionsJson = System.Text.Json.JsonSerializer.Serialize(definitions, ContentJson.Compact);
        var composeKey = definitionsJson + "|" + defaultCulture;
        var earlier = composeKey == _composeKey ? _composed : null;
        var composed = new Dictionary<ContentItem, (ContentItem Original, ContentItem Composed)>(ReferenceEqualityComparer.Instance);
        var items = LocalizationSets.ComposeAll(raw, defaultCulture, definitions, (item, original) =>
        {
            if (earlier is not null && earlier.TryGetValue(item, out var made) && ReferenceEquals(made.Original, original))
            {
                composed[item] = made;
                return made.Composed;
            }

            var fresh = Localization.TranslationFacts.Compose(item, original, definitions);
            composed[item] = (original, fresh);
            return fresh;
        });

        var queries = Queries.SavedQuery.ReadAll((await store.GetDocumentAsync(Queries.SavedQuery.DocumentName, cancellationToken))?.Content);
        var baseKeys = await Editions.EditionStore.GetBaseKeysAsync(store, cancellationToken);
        var snapshot = new PublishedSnapshot(items, definitions, settings, stamp, clock.GetUtcNow().UtcDateTime, queries, baseKeys, definitionsJson);

        // Snapshot items live until the next publication and are only read: each keeps its parts as compact JSON from
        // now on (items kept from the previous build are frozen already). Their trees stay readable until collected,
        // so the readers that build the site's models next mostly find them still made.
        foreach (var item in raw)
        {
            item.Freeze();
        }

        long keptBytes = 0;
        foreach (var item in items)
        {
            keptBytes += item.Freeze().FrozenBytes;
        }
        _rows = rows;
        _composed = composed;
        _composeKey = composeKey;
        LastBuild = new SnapshotBuildStats(keys.Count, changed.Count);
        logger?.LogInformation("Published snapshot built: {Published} items, {Read} read from the database, {Kilobytes} KB of part JSON kept, {Milliseconds:0} ms",
            keys.Count, changed.Count, keptBytes / 1024, clock.GetElapsedTime(started).TotalMilliseconds);
        return snapshot;
    }

    /// <summary>How the last rebuild went: rows published and rows read from the database (the rest were reused).</summary>
    public SnapshotBuildStats? LastBuild { get; private set; }

    private readonly record struct RowEntry(PublishedRowKey Key, ContentItem Item);

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}

/// <summary>Figures of one snapshot build.</summary>
/// <param name="Published">Published rows in the snapshot.</param>
/// <param name="Read">Rows read and parsed from the database for it; the others were the previous snapshot's.</param>
public sealed record SnapshotBuildStats(int Published, int Read);

/// <summary>Writes a new publish stamp whenever what the public sees changes, so other instances rebuild their snapshot.</summary>
public sealed class PublishedStamp(IContentStore store) : IContentEventSink
{
    /// <summary>Name of the document in the store.</summary>
    public const string DocumentName = "PublishedStamp";

    private static readonly HashSet<ContentEventKind> PublicKinds =
        [ContentEventKind.Published, ContentEventKind.Unpublished, ContentEventKind.Removed, ContentEventKind.Imported, ContentEventKind.DraftDiscarded];

    /// <summary>Writes a fresh stamp.</summary>
    public Task BumpAsync(CancellationToken cancellationToken = default) =>
        store.SaveDocumentAsync(DocumentName, IdGenerator.NewId(), cancellationToken);

    /// <inheritdoc />
    public Task OnEventAsync(ContentEvent contentEvent, CancellationToken cancellationToken) =>
        PublicKinds.Contains(contentEvent.Kind) ? BumpAsync(cancellationToken) : Task.CompletedTask;
}
