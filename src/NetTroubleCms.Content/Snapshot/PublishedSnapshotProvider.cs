using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
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
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Holds the current <see cref="PublishedSnapshot"/>. A local commit marks it stale at once; changes made by other
/// instances are seen through the publish stamp document, checked at most once per <see cref="SnapshotOptions.PollInterval"/>.
/// </summary>
public sealed class PublishedSnapshotProvider(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SnapshotOptions> options)
    : IContentCommitObserver, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PublishedSnapshot? _current;
    private volatile bool _dirty = true;
    private long _lastCheck;

    /// <inheritdoc />
    public void Committed() => _dirty = true;

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
        if (current is not null && !_dirty && clock.GetElapsedTime(Interlocked.Read(ref _lastCheck)) < options.Value.PollInterval)
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
            var pollDue = clock.GetElapsedTime(Interlocked.Read(ref _lastCheck)) >= options.Value.PollInterval;
            if (current is not null && !_dirty && !pollDue)
            {
                return current;
            }

            // Cleared before reading so that a commit landing during the rebuild marks the result stale again.
            var dirty = _dirty;
            _dirty = false;
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IContentStore>();
            var stamp = (await store.GetDocumentAsync(PublishedStamp.DocumentName, cancellationToken))?.Content ?? "";
            Interlocked.Exchange(ref _lastCheck, clock.GetTimestamp());
            if (current is not null && !dirty && stamp == current.Stamp)
            {
                return current;
            }

            var built = await BuildAsync(scope.ServiceProvider, stamp, cancellationToken);
            Volatile.Write(ref _current, built);
            return built;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PublishedSnapshot> BuildAsync(IServiceProvider services, string stamp, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IContentStore>();
        var rows = await store.GetAllPublishedAsync(cancellationToken);
        var definitions = await services.GetRequiredService<ContentDefinitionManager>().LoadAsync(cancellationToken);
        JsonObject settings = await services.GetRequiredService<SiteSettingsManager>().LoadAsync(cancellationToken);
        // Translations are stored with their words only; readers get them composed with the original's facts.
        var items = LocalizationSets.ComposeAll([.. rows.Select(r => ContentManager.ToItem(r)!)], LocalizationSets.DefaultCulture(settings), definitions);
        var queries = Queries.SavedQuery.ReadAll((await store.GetDocumentAsync(Queries.SavedQuery.DocumentName, cancellationToken))?.Content);
        var baseKeys = await Editions.EditionStore.GetBaseKeysAsync(store, cancellationToken);
        return new PublishedSnapshot(items, definitions, settings, stamp, clock.GetUtcNow().UtcDateTime, queries, baseKeys);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}

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
