using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Audit;

/// <summary>Filters of the audit page.</summary>
public sealed record AuditQuery
{
    /// <summary>User name contains.</summary>
    public string? User { get; init; }

    /// <summary>Content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>Item id.</summary>
    public string? ContentItemId { get; init; }

    /// <summary>Event name.</summary>
    public string? Name { get; init; }

    /// <summary>From (inclusive), UTC.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>To (exclusive), UTC.</summary>
    public DateTime? ToUtc { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Rows to take.</summary>
    public int Take { get; init; } = 50;
}

/// <summary>Appends to and reads the audit trail. There is deliberately no update or delete.</summary>
public sealed class AuditTrail(CmsDbContext db, IHttpContextAccessor http, TimeProvider clock, NetTroubleCms.Content.Storage.IContentStore store)
{
    /// <summary>Appends an entry (inside the caller's transaction, if any).</summary>
    public async Task AddAsync(AuditEvent entry, CancellationToken cancellationToken = default)
    {
        entry.Id = 0;
        entry.ClientIp ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        if (entry.OccurredUtc == default)
        {
            entry.OccurredUtc = clock.GetUtcNow().UtcDateTime;
        }

        // A bulk import saves its entries with each batch of items, in the same transaction.
        if (store.QueueInBulk(entry))
        {
            return;
        }

        db.Set<AuditEvent>().Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Entries matching the filters, newest first, and the total count.</summary>
    public async Task<(IReadOnlyList<AuditEvent> Rows, int Total)> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var q = db.Set<AuditEvent>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            q = q.Where(x => x.UserName != null && x.UserName.Contains(query.User));
        }

        if (!string.IsNullOrWhiteSpace(query.ContentType))
        {
            q = q.Where(x => x.ContentType == query.ContentType);
        }

        if (!string.IsNullOrWhiteSpace(query.ContentItemId))
        {
            q = q.Where(x => x.ContentItemId == query.ContentItemId);
        }

        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            q = q.Where(x => x.Name == query.Name);
        }

        if (query.FromUtc is DateTime from)
        {
            q = q.Where(x => x.OccurredUtc >= from);
        }

        if (query.ToUtc is DateTime to)
        {
            q = q.Where(x => x.OccurredUtc < to);
        }

        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(x => x.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return (rows, total);
    }

    /// <summary>One entry.</summary>
    public Task<AuditEvent?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        db.Set<AuditEvent>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);

    /// <summary>Distinct event names, for the filter list.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default) =>
        await db.Set<AuditEvent>().AsNoTracking().Select(x => x.Name).Distinct().OrderBy(x => x).ToListAsync(cancellationToken);
}

/// <summary>Records every content event with a snapshot, inside the transaction that caused it.</summary>
public sealed class ContentAuditSink(AuditTrail trail) : IContentEventSink
{
    /// <inheritdoc />
    public Task OnEventAsync(ContentEvent contentEvent, CancellationToken cancellationToken) =>
        trail.AddAsync(new AuditEvent
        {
            Category = "Content",
            Name = contentEvent.Kind.ToString(),
            ContentItemId = contentEvent.Item.ContentItemId,
            ContentItemVersionId = contentEvent.Item.ContentItemVersionId,
            ContentType = contentEvent.Item.ContentType,
            DisplayText = contentEvent.Item.DisplayText is { Length: > 1000 } t ? t[..1000] : contentEvent.Item.DisplayText,
            UserId = contentEvent.UserId,
            UserName = contentEvent.UserName,
            OccurredUtc = contentEvent.OccurredUtc,
            Snapshot = contentEvent.Item.ToJsonString(NetTroubleCms.Content.ContentJson.Compact),
        }, cancellationToken);
}
