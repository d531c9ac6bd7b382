namespace NetTroubleCms.Web.Features.Admin.Permissions;

/// <summary>
/// Orchard's permission names and their implication graph: a permission is satisfied by itself or by any
/// permission that implies it, recursively (PublishContent → EditContent → ViewContent/PreviewContent/CloneContent,
/// every X → XOwn, PublishOwnContent → EditOwnContent, and each global content permission → its per-type variant).
/// </summary>
public static class CmsPermissions
{
    /// <summary>Publish any item.</summary>
    public const string PublishContent = nameof(PublishContent);

    /// <summary>Publish own items.</summary>
    public const string PublishOwnContent = nameof(PublishOwnContent);

    /// <summary>Edit any item.</summary>
    public const string EditContent = nameof(EditContent);

    /// <summary>Edit own items.</summary>
    public const string EditOwnContent = nameof(EditOwnContent);

    /// <summary>Delete any item.</summary>
    public const string DeleteContent = nameof(DeleteContent);

    /// <summary>Delete own items.</summary>
    public const string DeleteOwnContent = nameof(DeleteOwnContent);

    /// <summary>View any item.</summary>
    public const string ViewContent = nameof(ViewContent);

    /// <summary>View own items.</summary>
    public const string ViewOwnContent = nameof(ViewOwnContent);

    /// <summary>Preview drafts of any item.</summary>
    public const string PreviewContent = nameof(PreviewContent);

    /// <summary>Preview drafts of own items.</summary>
    public const string PreviewOwnContent = nameof(PreviewOwnContent);

    /// <summary>Clone any item.</summary>
    public const string CloneContent = nameof(CloneContent);

    /// <summary>Clone own items.</summary>
    public const string CloneOwnContent = nameof(CloneOwnContent);

    /// <summary>See content lists in the admin.</summary>
    public const string ListContent = nameof(ListContent);

    /// <summary>Import recipes.</summary>
    public const string Import = nameof(Import);

    /// <summary>Export recipes.</summary>
    public const string Export = nameof(Export);

    /// <summary>Manage users.</summary>
    public const string ManageUsers = nameof(ManageUsers);

    /// <summary>Manage roles and their permissions.</summary>
    public const string ManageRoles = nameof(ManageRoles);

    /// <summary>Upload, replace and delete files in the media library (Orchard's name).</summary>
    public const string ManageMediaContent = nameof(ManageMediaContent);

    /// <summary>Read the audit trail.</summary>
    public const string ViewAuditTrail = nameof(ViewAuditTrail);

    /// <summary>Enter the admin at all.</summary>
    public const string AccessAdminPanel = nameof(AccessAdminPanel);

    /// <summary>The content verbs that exist globally, per type and as Own variants.</summary>
    public static readonly IReadOnlyList<string> ContentVerbs = ["Publish", "Edit", "Delete", "View", "Preview", "Clone"];

    /// <summary>Every global permission, in the order the roles page lists them.</summary>
    public static readonly IReadOnlyList<string> Global =
    [
        PublishContent, PublishOwnContent, EditContent, EditOwnContent, DeleteContent, DeleteOwnContent,
        ViewContent, ViewOwnContent, PreviewContent, PreviewOwnContent, CloneContent, CloneOwnContent, ListContent,
        Import, Export, ManageMediaContent, ManageUsers, ManageRoles, ViewAuditTrail, AccessAdminPanel,
    ];

    /// <summary>The per-type permissions of a Securable type (Orchard's ContentTypePermissionsHelper names).</summary>
    public static IReadOnlyList<string> ForType(string type) =>
        [.. ContentVerbs.SelectMany(v => new[] { $"{v}_{type}", $"{v}Own_{type}" }), $"ListContent_{type}"];

    /// <summary>The global name of a content verb (Own or not).</summary>
    public static string GlobalName(string verb, bool own) => own ? $"{verb}OwnContent" : $"{verb}Content";

    /// <summary>The per-type name of a content verb (Own or not).</summary>
    public static string TypeName(string verb, bool own, string type) => own ? $"{verb}Own_{type}" : $"{verb}_{type}";

    /// <summary>The permissions <paramref name="permission"/> grants directly.</summary>
    public static IEnumerable<string> Implied(string permission, IReadOnlyCollection<string> securableTypes)
    {
        foreach (var verb in ContentVerbs)
        {
            if (permission == GlobalName(verb, own: false))
            {
                yield return GlobalName(verb, own: true);
                foreach (var next in Chain(verb))
                {
                    yield return GlobalName(next, own: false);
                }

                foreach (var type in securableTypes)
                {
                    yield return TypeName(verb, own: false, type);
                }
            }
            else if (permission == GlobalName(verb, own: true))
            {
                foreach (var next in Chain(verb))
                {
                    yield return GlobalName(next, own: true);
                }

                foreach (var type in securableTypes)
                {
                    yield return TypeName(verb, own: true, type);
                }
            }
            else if (permission.StartsWith(verb + "_", StringComparison.Ordinal))
            {
                var type = permission[(verb.Length + 1)..];
                yield return TypeName(verb, own: true, type);
                foreach (var next in Chain(verb))
                {
                    yield return TypeName(next, own: false, type);
                }
            }
            else if (permission.StartsWith(verb + "Own_", StringComparison.Ordinal))
            {
                var type = permission[(verb.Length + 4)..];
                foreach (var next in Chain(verb))
                {
                    yield return TypeName(next, own: true, type);
                }
            }
        }

        if (permission == ListContent)
        {
            foreach (var type in securableTypes)
            {
                yield return $"ListContent_{type}";
            }
        }
    }

    /// <summary>Everything a set of granted permissions amounts to, following the implication graph.</summary>
    public static HashSet<string> Expand(IEnumerable<string> granted, IReadOnlyCollection<string> securableTypes)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(granted);
        while (queue.TryDequeue(out var p))
        {
            if (result.Add(p))
            {
                foreach (var next in Implied(p, securableTypes))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> Chain(string verb) => verb switch
    {
        "Publish" => ["Edit"],
        "Edit" => ["View", "Preview", "Clone"],
        _ => [],
    };
}
