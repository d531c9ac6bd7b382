using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Management;

/// <summary>Context handed to handlers: the item, its type, all definitions, and whether it came from a recipe.</summary>
public sealed class ContentContext(ContentItem item, ContentTypeDefinitionRecord? type, ContentDefinitionDocument definitions, bool isImport, string path = "$")
{
    /// <summary>The version being saved.</summary>
    public ContentItem Item { get; } = item;

    /// <summary>Its type definition; null when the type is not defined (kept as-is, as Orchard does).</summary>
    public ContentTypeDefinitionRecord? Type { get; } = type;

    /// <summary>All definitions.</summary>
    public ContentDefinitionDocument Definitions { get; } = definitions;

    /// <summary>True during recipe import: imported values are kept, editor-only rules (Required) are not enforced.</summary>
    public bool IsImport { get; } = isImport;

    /// <summary>JSON path of the item inside the request or recipe, for error messages.</summary>
    public string JsonPath { get; } = path;

    /// <summary>Problems found; any entry blocks the save.</summary>
    public List<ContentValidationError> Errors { get; } = [];

    /// <summary>Notes that do not block the save.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Adds an error keyed by part and field.</summary>
    public void Fail(string member, string message) => Errors.Add(new ContentValidationError(member, message));
}

/// <summary>One validation problem: <c>Member</c> is <c>Part.Field</c> (or a part or root key).</summary>
public sealed record ContentValidationError(string Member, string Message);

/// <summary>Part and field behaviour. Handlers run in registration order.</summary>
public abstract class ContentHandler
{
    /// <summary>Before a version is stored: derive values (DisplayText, path), clean input (HTML).</summary>
    public virtual Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After updating: add errors to refuse the save.</summary>
    public virtual Task ValidatingAsync(ContentContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
