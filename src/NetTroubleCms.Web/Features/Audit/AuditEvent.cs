using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace NetTroubleCms.Web.Features.Audit;

/// <summary>One audit trail entry. Rows are only ever inserted: the trail is evidence, so nothing edits or deletes it.</summary>
public sealed class AuditEvent
{
    /// <summary>Database key, ascending in insertion order.</summary>
    public long Id { get; set; }

    /// <summary><c>Content</c>, <c>User</c> or <c>Recipe</c>.</summary>
    public string Category { get; set; } = "";

    /// <summary>Orchard's event names: Created, Saved, Published, Unpublished, Removed, Cloned, Restored, Imported, SignedIn, SignInFailed…</summary>
    public string Name { get; set; } = "";

    /// <summary>The item concerned (Orchard's correlation id).</summary>
    public string? ContentItemId { get; set; }

    /// <summary>The version concerned.</summary>
    public string? ContentItemVersionId { get; set; }

    /// <summary>Type of the item.</summary>
    public string? ContentType { get; set; }

    /// <summary>Display text at the time.</summary>
    public string? DisplayText { get; set; }

    /// <summary>Acting user id (null for the system).</summary>
    public string? UserId { get; set; }

    /// <summary>Acting user name (or the name typed at a failed sign-in).</summary>
    public string? UserName { get; set; }

    /// <summary>When, UTC.</summary>
    public DateTime OccurredUtc { get; set; }

    /// <summary>Client IP address, when the event came from a request.</summary>
    public string? ClientIp { get; set; }

    /// <summary>JSON snapshot of the item version, or details of a non-content event.</summary>
    public string? Snapshot { get; set; }
}

/// <summary>Adds the audit table to the app's EF model.</summary>
public static class AuditModel
{
    /// <summary>Maps <see cref="AuditEvent"/> with indexes for the filters of the audit page.</summary>
    public static ModelBuilder AddAuditModel(this ModelBuilder builder)
    {
        builder.Entity<AuditEvent>(e =>
        {
            e.ToTable("AuditEvents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Category).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.ContentItemId).HasMaxLength(64);
            e.Property(x => x.ContentItemVersionId).HasMaxLength(64);
            e.Property(x => x.ContentType).HasMaxLength(255);
            e.Property(x => x.DisplayText).HasMaxLength(1000);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.ClientIp).HasMaxLength(64);
            e.HasIndex(x => x.OccurredUtc);
            e.HasIndex(x => x.ContentItemId);
            e.HasIndex(x => x.UserName);
            e.HasIndex(x => x.Name);
        });
        return builder;
    }

    /// <summary>The trail is append-only: a change or deletion of an existing entry is a bug, so it fails loudly.</summary>
    public static void RefuseRewrites(ChangeTracker tracker)
    {
        if (tracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only: entries cannot be changed or deleted.");
        }
    }
}
