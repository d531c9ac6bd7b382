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

    /// <inheritdoc />
    public Task<ContentItemRecord?> GetAsync(string contentItemId, VersionFilter filter, CancellationToken cancellationToken = default) => filter switch
    {
        VersionFilter.Published => Items.FirstOrDefaultAsync(x => x.ContentItemId == contentItemId && x.Published, cancellationToken),
        VersionFilter.Latest => Items.FirstOrDefaultAsync(x => x.ContentItemId == contentItemId && x.Latest, cancellationToken),
        _ => Items.Where(x => x.ContentItemId == contentItemId).OrderByDescending(x => x.VersionNumber).FirstOrDefaultAsync(cancellationToken),
    };

    /// <inheritdoc />
    public Task<ContentItemRecord?> GetVersionAsync(string contentItemVersionId, CancellationToken cancellationToken = default) =>
        Items.FirstOrDefaultAsync(x => x.ContentItemVersionId == contentItemVersionId, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default) =>
        await Items.Where(x => x.ContentItemId == contentItemId).OrderBy(x => x.VersionNumber).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<(IReadOnlyList<ContentItemRecord> Rows, int Total)> QueryAsync(ContentQuery query, CancellationToken cancellationToken = default)
    {
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
    public async Task<IReadOnlyList<ContentItemRecord>> GetSetAsync(string localizationSet, VersionFilter filter, CancellationToken cancellationToken = default) =>
        await (filter switch
        {
            VersionFilter.Published => Items.Where(x => x.LocalizationSet == localizationSet && x.Published),
            VersionFilter.Latest => Items.Where(x => x.LocalizationSet == localizationSet && x.Latest),
            _ => Items.Where(x => x.LocalizationSet == localizationSet),
        }).OrderBy(x => x.Id).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContentItemRecord>> GetAllPublishedAsync(CancellationToken cancellationToken = default) =>
        await Items.AsNoTracking().Where(x => x.Published).OrderBy(x => x.Id).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsPathTakenAsync(string path, string contentItemId, CancellationToken cancellationToken = default)
    {
        // Paths are matched without regard to case, as the public site resolves them.
        var lower = path.ToLowerInvariant();
#pragma warning disable CA1862 // EF Core translates ToLower() to SQL; string.Equals with a comparison type it cannot.
        return Items.AnyAsync(x => x.Path != null && x.Path.ToLower() == lower && x.ContentItemId != contentItemId && (x.Published || x.Latest), cancellationToken);
#pragma warning restore CA1862
    }

    /// <inheritdoc />
    public async Task AddAsync(ContentItemRecord record, CancellationToken cancellationToken = default)
    {
        Items.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        AfterWrite();
    }

    /// <inheritdoc />
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        foreach (var entry in db.ChangeTracker.Entries<ContentItemRecord>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Revision++;
        }

        await db.SaveChangesAsync(cancellationToken);
        AfterWrite();
    }

    /// <inheritdoc />
    public Task<DocumentRecord?> GetDocumentAsync(string name, CancellationToken cancellationToken = default) =>
        db.Set<DocumentRecord>().FirstOrDefaultAsync(x => x.Name == name, cancellationToken);

    /// <inheritdoc />
    public async Task SaveDocumentAsync(string name, string content, CancellationToken cancellationToken = default)
    {
        var doc = await GetDocumentAsync(name, cancellationToken);
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

    private IContentCommitObserver? Observer => observer;

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

    private sealed class JoinedTransaction : IContentTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
