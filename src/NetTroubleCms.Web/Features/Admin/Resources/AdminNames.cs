using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Web.Features.Admin.Permissions;

namespace NetTroubleCms.Web.Features.Admin.Resources;

/// <summary>
/// The words an editor reads for the admin's technical names: content types by their display names from the
/// definitions, Orchard's role and permission names in the UI language. Stored names never change (recipes and
/// Orchard Core need them as they are); only what the page shows does.
/// </summary>
public static class AdminNames
{
    /// <summary>A content type's display name from its definition; its technical name when it has none or is unknown.</summary>
    public static string Type(string? name, ContentDefinitionDocument definitions) =>
        name is null ? "" : definitions.GetType(name)?.DisplayName is { Length: > 0 } display ? display : name;

    /// <summary>Orchard's four default roles in the UI language; roles a site created keep the name it gave them.</summary>
    public static string Role(string name, IStringLocalizer t)
    {
        var label = t["role:" + name];
        return label.ResourceNotFound ? name : label.Value;
    }

    /// <summary>
    /// A permission in words: global ones from the resources, per-type ones as "verb (own items)" of the type; unknown
    /// names (from an imported recipe) as written.
    /// </summary>
    public static string Permission(string name, IStringLocalizer t, ContentDefinitionDocument definitions)
    {
        var global = t["permission:" + name];
        if (!global.ResourceNotFound)
        {
            return global.Value;
        }

        var separator = name.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return name;
        }

        var verb = name[..separator];
        var type = Type(name[(separator + 1)..], definitions);
        var own = verb.EndsWith("Own", StringComparison.Ordinal) && CmsPermissions.ContentVerbs.Contains(verb[..^3]);
        var label = t["verb:" + (own ? verb[..^3] : verb)];
        return label.ResourceNotFound ? name : own ? t["{0}（自分の分）", label.Value].Value : label.Value;
    }
}
