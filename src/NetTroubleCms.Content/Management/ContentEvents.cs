namespace NetTroubleCms.Content.Management;

/// <summary>What happened to an item.</summary>
public enum ContentEventKind
{
    /// <summary>A new item was created.</summary>
    Created,

    /// <summary>A draft was saved.</summary>
    Saved,

    /// <summary>A version was published.</summary>
    Published,

    /// <summary>The published version was withdrawn.</summary>
    Unpublished,

    /// <summary>The draft was thrown away.</summary>
    DraftDiscarded,

    /// <summary>The item was (soft) deleted.</summary>
    Removed,

    /// <summary>The item was cloned into a new item.</summary>
    Cloned,

    /// <summary>An old version was restored as a draft.</summary>
    Restored,

    /// <summary>A version arrived through a recipe.</summary>
    Imported,
}

/// <summary>An event with a snapshot of the version it concerns.</summary>
public sealed record ContentEvent(ContentEventKind Kind, ContentItem Item, string? UserId, string? UserName, DateTime OccurredUtc);

/// <summary>Receives every content event inside the transaction that caused it (audit trail, cache stamps).</summary>
public interface IContentEventSink
{
    /// <summary>Handles one event.</summary>
    Task OnEventAsync(ContentEvent contentEvent, CancellationToken cancellationToken);
}

/// <summary>Who is acting. The web app supplies the signed-in user; the CLI and first start act as the system.</summary>
public interface IContentUser
{
    /// <summary>User id (Owner).</summary>
    string? UserId { get; }

    /// <summary>User name (Author).</summary>
    string? UserName { get; }
}

/// <summary>No user: the system itself.</summary>
public sealed class SystemContentUser : IContentUser
{
    /// <inheritdoc />
    public string? UserId => null;

    /// <inheritdoc />
    public string? UserName => "system";
}
