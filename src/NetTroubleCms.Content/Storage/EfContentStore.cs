using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace NetTroubleCms.Content.Storage;

/// <summary><see cref="IContentStore"/> over any EF Core context whose model includes <see cref="ContentModel"/>.</summary>
public sealed class EfContentStore(DbContext db, IContentCommitObserver? observer = null) : IContentStore
{
    private bool InTransaction => db.Database.CurrentTransaction is not null;

    private void AfterWrite()
    {
        if (!InTransaction)
        {
            observer?.Committed();
        }
    }

    private DbSet<ContentItemRecord> Items => db.Set<ContentItemRecord>();

    private DbContext Db => db;

    /// <inheritdoc />
    public Task<ContentItemRecord?> GetAsync(string contentItemId, VersionFilter filter, CancellationToken cancellationToken = default) => _bulk is not null
        ? _bulk.GetAsync(contentItemId, filter, cancellationToken)
        : filter switch
        {
            VersionFilter.Published => Items.FirstOrDefaultAsync(x => x.ContentItemId == contentItemId && x.Published, cancellationToken),
            VersionFilter.Latest => Items.FirstOrDefaultAsync(x => x.ContentItemId == contentItemId && x.Latest, cancellationToken),
            _ => Items.Where(x => x.ContentItemId == contentItemId).OrderByDescending(x => x.VersionNumber).FirstOrDefaultAsync(cancellationToken),
        };

    /// <inheritdoc />
    public Task<ContentItemRecord?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default) => _bulk is not null
        ? _bulk.GetVersionAsync(contentItemVersionId, cancellationToken)
        : Items.FirstOrDefaultAsync(x => x.ContentItemVersionId == contentItemVersionId, cancellationToken);

    /// <inheritdoc />
    public async Task<StoredVersion?> GetVersionInfoAsync(string contentItemVersionId, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            return _bulk.GetVersionInfo(contentItemVersionId);
        }

        // A row this context already holds may carry changes not saved yet; the database answers for the others.
        if (Items.Local.FirstOrDefault(x => x.ContentItemVersionId == contentItemVersionId) is { } tracked)
        {
            return StoredVersion.Of(tracked);
        }

        return await Items.AsNoTracking().Where(x => x.ContentItemVersionId == contentItemVersionId)
            .Select(x => new StoredVersion(x.ContentItemId, x.Latest, x.Published, x.CreatedUtc, x.ModifiedUtc, x.PublishedUtc, x.DataHash))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default) => _bulk is not null
        ? await _bulk.GetVersionsAsync(contentItemId, cancellationToken)
        : await Items.Where(x => x.ContentItemId == contentItemId).OrderBy(x => x.VersionNumber).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<(IReadOnlyList<ContentItemRecord> Rows, int Total)> QueryAsync(ContentQuery query, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            // A query must see what the import wrote so far.
            await _bulk.FlushAsync(cancellationToken);
        }

        var q = query.Versions switch
        {
            VersionFilter.Published => Items.Where(x => x.Published),
            VersionFilter.Latest => Items.Where(x => x.Latest),
            _ => Items.AsQueryable(),
        };
        if (query.ContentTypes.Count > 0)
        {
            q = q.Where(x => query.ContentTypes.Contains(x.ContentType));
        }

        if (!string.IsNullOrWhiteSpace(query.DisplayTextContains))
        {
            q = q.Where(x => x.DisplayText != null && x.DisplayText.Contains(query.DisplayTextContains));
        }

        if (query.OneRowPerSetIn is { } culture)
        {
            // A set is listed once, by its original; a translation whose set has no original still shows.
            q = q.Where(x => x.LocalizationSet == null || x.Culture == null || x.Culture == culture
                || !Items.Any(o => o.LocalizationSet == x.LocalizationSet && o.Culture == culture && o.Latest));
        }

        if (query.HasDraft is bool hasDraft)
        {
            q = hasDraft ? q.Where(x => x.Latest && !x.Published) : q.Where(x => x.Published);
        }

        var total = await q.CountAsync(cancellationToken);
        q = query.OrderBy switch
        {
            "created" => q.OrderByDescending(x => x.CreatedUtc).ThenBy(x => x.Id),
            "published" => q.OrderByDescending(x => x.PublishedUtc).ThenBy(x => x.Id),
            "title" => q.OrderBy(x => x.DisplayText).ThenBy(x => x.Id),
            "id" => q.OrderBy(x => x.Id),
            _ => q.OrderByDescending(x => x.ModifiedUtc).ThenBy(x => x.Id),
        };
        if (query.Skip > 0)
        {
            q = q.Skip(query.Skip);
        }

        if (query.Take is int take)
        {
            q = q.Take(take);
        }

        return (await q.ToListAsync(cancellationToken), total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetSetAsync(string localizationSet, VersionFilter filter, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            // A translation looks for its original, perhaps imported moments before and not saved yet: the bulk
            // index knows which items belong to the set, and their version lists include unsaved rows.
            return await _bulk.GetSetAsync(localizationSet, filter, cancellationToken);
        }

        return await (filter switch
        {
            VersionFilter.Published => Items.Where(x => x.LocalizationSet == localizationSet && x.Published),
            VersionFilter.Latest => Items.Where(x => x.LocalizationSet == localizationSet && x.Latest),
            _ => Items.Where(x => x.LocalizationSet == localizationSet),
        }).OrderBy(x => x.Id).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetAllPublishedAsync(CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            await _bulk.FlushAsync(cancellationToken);
        }

        return await Items.AsNoTracking().Where(x => x.Published).OrderBy(x => x.Id).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishedRowKey>> GetPublishedKeysAsync(CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            await _bulk.FlushAsync(cancellationToken);
        }

        return await Items.AsNoTracking().Where(x => x.Published).OrderBy(x => x.Id)
            .Select(x => new PublishedRowKey(x.Id, x.ContentItemVersionId, x.Revision)).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetPublishedRowsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            await _bulk.FlushAsync(cancellationToken);
        }

        var rows = new List<ContentItemRecord>(ids.Count);
        // In slices, so the parameter list stays within what every provider accepts.
        foreach (var slice in ids.Chunk(500))
        {
            rows.AddRange(await Items.AsNoTracking().Where(x => x.Published && slice.Contains(x.Id)).ToListAsync(cancellationToken));
        }

        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <inheritdoc />
    public Task<bool> IsPathTakenAsync(string path, string contentItemId, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            return Task.FromResult(_bulk.IsPathTaken(path, contentItemId));
        }

        // Paths are matched without regard to case, as the public site resolves them.
        var lower = path.ToLowerInvariant();
#pragma warning disable CA1862 // EF Core translates ToLower() to SQL; string.Equals with a comparison type it cannot.
        return Items.AnyAsync(x => x.Path != null && x.Path.ToLower() == lower && x.ContentItemId != contentItemId && (x.Published || x.Latest), cancellationToken);
#pragma warning restore CA1862
    }

    /// <inheritdoc />
    public async Task AddAsync(ContentItemRecord record, CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            _bulk.Add(record);
            return;
        }

        Items.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        AfterWrite();
    }

    /// <inheritdoc />
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            await _bulk.SavedAsync(cancellationToken);
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries<ContentItemRecord>().Where(e => e.State == EntityState.Modified && !OnlyHashFilledIn(e)))
        {
            entry.Entity.Revision++;
        }

        await db.SaveChangesAsync(cancellationToken);
        AfterWrite();
    }

    /// <inheritdoc />
    public Task<DocumentRecord?> GetDocumentAsync(string name, CancellationToken cancellationToken = default) =>
        _bulk?.Documents.GetValueOrDefault(name) is { } pending
            ? Task.FromResult<DocumentRecord?>(pending)
            : db.Set<DocumentRecord>().FirstOrDefaultAsync(x => x.Name == name, cancellationToken);

    /// <inheritdoc />
    public async Task SaveDocumentAsync(string name, string content, CancellationToken cancellationToken = default)
    {
        var doc = await GetDocumentAsync(name, cancellationToken);
        if (_bulk is not null)
        {
            // Documents such as the publish stamp are rewritten once per item during an import: keep the tracked
            // row and let the next batch save write its last value.
            if (doc is null)
            {
                doc = new DocumentRecord { Name = name, Content = content, Version = 1 };
                db.Set<DocumentRecord>().Add(doc);
            }
            else if (doc.Content != content)
            {
                doc.Content = content;
                doc.Version = _bulk.Documents.ContainsKey(name) ? doc.Version : doc.Version + 1;
            }

            _bulk.Documents[name] = doc;
            return;
        }

        if (doc is null)
        {
            db.Set<DocumentRecord>().Add(new DocumentRecord { Name = name, Content = content, Version = 1 });
        }
        else if (doc.Content != content)
        {
            doc.Content = content;
            doc.Version++;
        }

        await db.SaveChangesAsync(cancellationToken);
        AfterWrite();
    }

    /// <inheritdoc />
    public async Task<IContentTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return new JoinedTransaction();
        }

        return new OwnTransaction(await db.Database.BeginTransactionAsync(cancellationToken), this);
    }

    /// <inheritdoc />
    public void Reset() => db.ChangeTracker.Clear();

    /// <inheritdoc />
    public bool InBulk => _bulk is not null;

    /// <inheritdoc />
    public async Task<IContentBulkScope> BeginBulkAsync(CancellationToken cancellationToken = default)
    {
        if (_bulk is not null)
        {
            return new JoinedBulk();
        }

        if (!InTransaction)
        {
            throw new InvalidOperationException("A bulk scope needs an open transaction: batches are saved inside it.");
        }

        await SaveAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var bulk = new BulkState(this);
        await bulk.LoadIndexAsync(cancellationToken);
        await bulk.EnlargeCacheAsync(cancellationToken);
        _bulk = bulk;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return bulk;
    }

    /// <inheritdoc />
    public bool QueueInBulk(object row)
    {
        if (_bulk is null)
        {
            return false;
        }

        _bulk.Queue(row);
        return true;
    }

    /// <inheritdoc />
    public void ExpectVersions(IReadOnlyList<string> contentItemVersionIds) => _bulk?.Expect(contentItemVersionIds);

    private BulkState? _bulk;

    /// <summary>Writes collected per save in bulk mode (item rows and their audit entries together).</summary>
    public const int BatchSize = 1000;

    /// <summary>Versions fetched per query when an import announced them ahead.</summary>
    public const int PrefetchSize = 250;

    private IContentCommitObserver? Observer => observer;

    // A hash filled in for a row written before hashes were stored changes nothing anyone reads: the revision (which
    // tells the snapshot and an editor that the row changed) stays.
    private static bool OnlyHashFilledIn(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ContentItemRecord> entry) =>
        entry.Properties.All(p => !p.IsModified || p.Metadata.Name == nameof(ContentItemRecord.DataHash));

    private sealed class OwnTransaction(IDbContextTransaction transaction, EfContentStore store) : IContentTransaction
    {
        private bool _committed;

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await transaction.CommitAsync(cancellationToken);
            _committed = true;
            store.Observer?.Committed();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                await transaction.RollbackAsync();
                // Tracked entities still hold the rolled-back values; forget them so nothing leaks into later saves.
                store.Reset();
            }

            await transaction.DisposeAsync();
        }
    }

    private sealed class JoinedBulk : IContentBulkScope
    {
        public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// What a bulk scope knows: an index of every stored version (ids, path, flags — not the JSON), loaded once, and the
    /// rows of the current batch. Item-level reads go through the complete version list of the item, so they see rows
    /// added but not yet saved; the index is kept up to date as rows change, so path checks need no query.
    /// </summary>
    private sealed class BulkState(EfContentStore store) : IContentBulkScope
    {
        private readonly Dictionary<string, StoredVersion> _storedVersions = new(StringComparer.Ordinal);
        private readonly HashSet<string> _storedItems = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _itemsByPath = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _pathsByItem = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _itemsBySet = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _setsByItem = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ContentItemRecord> _byVersion = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ContentItemRecord>> _byItem = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ContentItemRecord>> _added = new(StringComparer.Ordinal);
        private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
        private Dictionary<string, int> _expected = new(StringComparer.Ordinal);
        private IReadOnlyList<string> _expectedOrder = [];
        private int _fetchedUpTo;
        private int _lastExpected = -1;
        private int _pending;

        public Dictionary<string, DocumentRecord> Documents { get; } = new(StringComparer.Ordinal);

        private DbSet<ContentItemRecord> Items => store.Items;

        public async Task LoadIndexAsync(CancellationToken cancellationToken)
        {
            var rows = await Items.AsNoTracking()
                .Select(x => new { x.ContentItemId, x.ContentItemVersionId, x.Path, x.Latest, x.Published, x.LocalizationSet, x.CreatedUtc, x.ModifiedUtc, x.PublishedUtc, x.DataHash })
                .ToListAsync(cancellationToken);
            _storedVersions.EnsureCapacity(rows.Count);
            foreach (var row in rows)
            {
                _storedVersions[row.ContentItemVersionId] = new StoredVersion(row.ContentItemId, row.Latest, row.Published, row.CreatedUtc, row.ModifiedUtc, row.PublishedUtc, row.DataHash);
                _storedItems.Add(row.ContentItemId);
                if (row.Path is not null && (row.Latest || row.Published))
                {
                    IndexPath(row.Path, row.ContentItemId);
                }

                if (row.LocalizationSet is not null)
                {
                    IndexSet(row.LocalizationSet, row.ContentItemId);
                }
            }
        }

        public void Expect(IReadOnlyList<string> versionIds)
        {
            _expectedOrder = versionIds;
            _expected = new Dictionary<string, int>(versionIds.Count, StringComparer.Ordinal);
            for (var i = 0; i < versionIds.Count; i++)
            {
                _expected.TryAdd(versionIds[i], i);
            }

            _fetchedUpTo = 0;
        }

        public async Task<ContentItemRecord?> GetVersionAsync(string versionId, CancellationToken cancellationToken)
        {
            if (_byVersion.TryGetValue(versionId, out var known))
            {
                return known;
            }

            if (!_storedVersions.ContainsKey(versionId))
            {
                return null;
            }

            var expected = _expected.TryGetValue(versionId, out var at);
            if (expected)
            {
                _lastExpected = at;
            }

            if (expected && at >= _fetchedUpTo)
            {
                ReleaseIfClean();
                // Announced ahead: fetch this version and the next ones in one query.
                var ids = _expectedOrder.Skip(at).Take(PrefetchSize).Where(_storedVersions.ContainsKey).ToList();
                _fetchedUpTo = at + PrefetchSize;
                foreach (var row in await Items.Where(x => ids.Contains(x.ContentItemVersionId)).ToListAsync(cancellationToken))
                {
                    _byVersion.TryAdd(row.ContentItemVersionId, row);
                }

                return _byVersion.GetValueOrDefault(versionId);
            }

            var single = await Items.FirstOrDefaultAsync(x => x.ContentItemVersionId == versionId, cancellationToken);
            if (single is not null)
            {
                _byVersion[versionId] = single;
            }

            return single;
        }

        // Rows read or written in this batch are asked themselves (they may have changed since); the others are as the
        // index says, which every save brings up to date.
        public StoredVersion? GetVersionInfo(string versionId)
        {
            if (_byVersion.TryGetValue(versionId, out var known))
            {
                return StoredVersion.Of(known);
            }

            if (!_storedVersions.TryGetValue(versionId, out var stored))
            {
                return null;
            }

            if (_expected.TryGetValue(versionId, out var at))
            {
                // After a save, prefetching resumes after the last item the import reached, answered here or not.
                _lastExpected = at;
            }

            return stored;
        }

        public async Task<List<ContentItemRecord>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken)
        {
            if (_byItem.TryGetValue(contentItemId, out var list))
            {
                return list;
            }

            list = _storedItems.Contains(contentItemId)
                ? await Items.Where(x => x.ContentItemId == contentItemId).ToListAsync(cancellationToken)
                : [];
            // Rows added in this batch are not in the database yet; rows already tracked come back as the same instances.
            if (_added.TryGetValue(contentItemId, out var added))
            {
                list.AddRange(added.Where(r => !list.Contains(r)));
            }

            list.Sort((a, b) => a.VersionNumber.CompareTo(b.VersionNumber));
            foreach (var row in list)
            {
                _byVersion.TryAdd(row.ContentItemVersionId, row);
            }

            _byItem[contentItemId] = list;
            _touched.Add(contentItemId);
            return list;
        }

        public async Task<ContentItemRecord?> GetAsync(string contentItemId, VersionFilter filter, CancellationToken cancellationToken)
        {
            var versions = await GetVersionsAsync(contentItemId, cancellationToken);
            return filter switch
            {
                VersionFilter.Published => versions.FirstOrDefault(x => x.Published),
                VersionFilter.Latest => versions.FirstOrDefault(x => x.Latest),
                _ => versions.Count == 0 ? null : versions[^1],
            };
        }

        // New rows wait here untracked until the batch is written: tracking each one costs more than writing it.
        private readonly List<object> _queued = [];

        public void Queue(object row) => _queued.Add(row);

        public void Add(ContentItemRecord record)
        {
            _queued.Add(record);
            _byVersion[record.ContentItemVersionId] = record;
            if (!_added.TryGetValue(record.ContentItemId, out var added))
            {
                added = [];
                _added[record.ContentItemId] = added;
            }

            added.Add(record);
            if (_byItem.TryGetValue(record.ContentItemId, out var list))
            {
                list.Add(record);
            }

            _touched.Add(record.ContentItemId);
            _pending++;
        }

        public async Task<IReadOnlyList<ContentItemRecord>> GetSetAsync(string localizationSet, VersionFilter filter, CancellationToken cancellationToken)
        {
            Reindex();
            if (!_itemsBySet.TryGetValue(localizationSet, out var members))
            {
                return [];
            }

            var rows = new List<ContentItemRecord>();
            foreach (var id in members.ToList())
            {
                foreach (var row in await GetVersionsAsync(id, cancellationToken))
                {
                    if (row.LocalizationSet == localizationSet
                        && (filter == VersionFilter.AllVersions || (filter == VersionFilter.Published ? row.Published : row.Latest)))
                    {
                        rows.Add(row);
                    }
                }
            }

            // The database's order (by key); rows not saved yet have no key and come last, as they will be numbered.
            return [.. rows.OrderBy(r => r.Id == 0 ? long.MaxValue : r.Id)];
        }

        public bool IsPathTaken(string path, string contentItemId)
        {
            Reindex();
            return _itemsByPath.TryGetValue(path.ToLowerInvariant(), out var owners) && owners.Any(o => o != contentItemId);
        }

        public async Task SavedAsync(CancellationToken cancellationToken)
        {
            Reindex();
            _pending++;
            if (_pending >= BatchSize)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken = default)
        {
            Reindex();
            var tracker = store.Db.ChangeTracker;
            tracker.DetectChanges();
            foreach (var entry in tracker.Entries<ContentItemRecord>().Where(e => e.State == EntityState.Modified && !OnlyHashFilledIn(e)).ToList())
            {
                // Through the entry: changes are no longer detected on their own here, and a bump set on the object
                // after DetectChanges was never written (rows changed by a bulk import kept their old revision).
                entry.Property(r => r.Revision).CurrentValue = entry.Entity.Revision + 1;
            }

            // Queued rows are written as they are now (a row added earlier in the batch may have lost its flags since).
            await AddedRowWriter.WriteAsync(store.Db, _queued, cancellationToken);
            _queued.Clear();
            await store.Db.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            // The index answers for these rows once they are let go: as written.
            foreach (var row in _byVersion.Values.Concat(tracker.Entries<ContentItemRecord>().Select(e => e.Entity)))
            {
                _storedVersions[row.ContentItemVersionId] = StoredVersion.Of(row)!;
                _storedItems.Add(row.ContentItemId);
            }

            // Nothing is kept between batches: the next one starts with an empty change tracker.
            tracker.Clear();
            _byVersion.Clear();
            _byItem.Clear();
            _added.Clear();
            // Prefetched rows went with the tracker: the next announced read fetches again from where the import is.
            _fetchedUpTo = _lastExpected + 1;
            Documents.Clear();
            _pending = 0;
        }

        // A run of unchanged items writes nothing, so no batch is ever saved and cleared: without this, every row read
        // would stay tracked and cached until the end (a re-import of a large recipe would hold the whole table).
        // With nothing waiting to be written, the rows read so far can go, exactly as after a save.
        private void ReleaseIfClean()
        {
            if (_pending > 0 || _queued.Count > 0 || Documents.Count > 0 || _byVersion.Count == 0)
            {
                return;
            }

            var tracker = store.Db.ChangeTracker;
            tracker.DetectChanges();
            if (tracker.HasChanges())
            {
                return;
            }

            Reindex();
            tracker.Clear();
            _byVersion.Clear();
            _byItem.Clear();
            _added.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            store._bulk = null;
            _queued.Clear();
            store.Db.ChangeTracker.AutoDetectChangesEnabled = true;
            store.Db.ChangeTracker.Clear();
            await RestoreCacheAsync();
        }

        private long? _cacheSize;

        /// <summary>SQLite page cache while the scope lasts, KiB.</summary>
        public const int BulkCacheKiB = 16 * 1024;

        // SQLite's default page cache (2 MB) is far smaller than the indexes a large import updates: pages go to and
        // come back from the WAL file over and over. A larger cache for the length of the scope (the connection is
        // pooled, so the old size is put back after).
        public async Task EnlargeCacheAsync(CancellationToken cancellationToken)
        {
            if (!store.Db.Database.IsSqliteProvider())
            {
                return;
            }

            await using var command = store.Db.Database.GetDbConnection().CreateCommand();
            command.Transaction = store.Db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "PRAGMA cache_size";
            _cacheSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (_cacheSize >= 0 || -_cacheSize < BulkCacheKiB)
            {
                command.CommandText = $"PRAGMA cache_size = -{BulkCacheKiB}";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private async Task RestoreCacheAsync()
        {
            if (_cacheSize is not { } size)
            {
                return;
            }

            try
            {
                var connection = store.Db.Database.GetDbConnection();
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"PRAGMA cache_size = {size}";
                    await command.ExecuteNonQueryAsync();
                }
            }
            catch (System.Data.Common.DbException)
            {
                // The setting lives with the connection; a closed or broken one is not reused with it.
            }
        }

        // The path index follows the rows of items touched since the last call: their complete version lists are loaded.
        private void Reindex()
        {
            foreach (var id in _touched)
            {
                if (_pathsByItem.Remove(id, out var old))
                {
                    foreach (var path in old)
                    {
                        if (_itemsByPath.TryGetValue(path, out var owners))
                        {
                            owners.Remove(id);
                        }
                    }
                }

                if (_setsByItem.Remove(id, out var oldSets))
                {
                    foreach (var set in oldSets)
                    {
                        if (_itemsBySet.TryGetValue(set, out var members))
                        {
                            members.Remove(id);
                        }
                    }
                }

                var rows = _byItem.TryGetValue(id, out var list) ? list : _added.GetValueOrDefault(id) ?? [];
                foreach (var row in rows.Where(r => r.Path is not null && (r.Latest || r.Published)))
                {
                    IndexPath(row.Path!, id);
                }

                foreach (var row in rows.Where(r => r.LocalizationSet is not null))
                {
                    IndexSet(row.LocalizationSet!, id);
                }
            }

            _touched.Clear();
        }

        private void IndexSet(string localizationSet, string contentItemId) =>
            IndexBothWays(_itemsBySet, _setsByItem, localizationSet, contentItemId);

        private void IndexPath(string path, string contentItemId) =>
            IndexBothWays(_itemsByPath, _pathsByItem, path.ToLowerInvariant(), contentItemId);

        // A key (set or path) to the items holding it, and each item to its keys, so an item's old keys can be dropped.
        private static void IndexBothWays(Dictionary<string, HashSet<string>> itemsByKey, Dictionary<string, List<string>> keysByItem, string key, string contentItemId)
        {
            if (!itemsByKey.TryGetValue(key, out var items))
            {
                items = new HashSet<string>(1, StringComparer.Ordinal);
                itemsByKey[key] = items;
            }

            items.Add(contentItemId);
            if (!keysByItem.TryGetValue(contentItemId, out var keys))
            {
                keys = [];
                keysByItem[contentItemId] = keys;
            }

            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }
    }

    private sealed class JoinedTransaction : IContentTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
