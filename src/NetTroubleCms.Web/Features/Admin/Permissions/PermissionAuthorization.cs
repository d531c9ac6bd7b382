using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Web.Features.Admin.Permissions;

/// <summary>Demands one permission, optionally against a content item (then Own and per-type variants count).</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Page attribute: the page needs <paramref name="permission"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PermissionPolicyProvider.Prefix + permission);

/// <summary>Turns policy names <c>Permission:X</c> into a <see cref="PermissionRequirement"/> on the fly.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>Policy name prefix.</summary>
    public const string Prefix = "Permission:";

    /// <inheritdoc />
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[Prefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}

/// <summary>
/// Grants a <see cref="PermissionRequirement"/> when one of the user's roles holds the permission or one implying it.
/// With a <see cref="ContentItem"/> as resource the check follows Orchard: the per-type permission of a Securable type
/// also counts, and the Own variant counts when the user owns the item.
/// </summary>
public sealed class PermissionHandler(RolesStore roles, ContentDefinitionManager definitions) : AuthorizationHandler<PermissionRequirement>
{
    /// <inheritdoc />
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var granted = await GrantedAsync(context.User);
        if (Candidates(requirement.Permission, context.Resource as ContentItem, context.User, await SecurableTypesAsync()).Any(granted.Contains))
        {
            context.Succeed(requirement);
        }
    }

    /// <summary>Every permission the user has after following implications.</summary>
    public async Task<HashSet<string>> GrantedAsync(ClaimsPrincipal user)
    {
        var doc = await roles.LoadAsync();
        var names = user.FindAll(ClaimTypes.Role).Select(c => c.Value);
        var direct = names.Select(doc.Get).OfType<RoleEntry>().SelectMany(r => r.Permissions);
        return CmsPermissions.Expand(direct, await SecurableTypesAsync());
    }

    private async Task<IReadOnlyCollection<string>> SecurableTypesAsync()
    {
        var defs = await definitions.LoadAsync();
        return [.. defs.ContentTypes.Where(t => t.TypeSettings.Securable).Select(t => t.Name)];
    }

    private static IEnumerable<string> Candidates(string permission, ContentItem? item, ClaimsPrincipal user, IReadOnlyCollection<string> securable)
    {
        yield return permission;
        if (item is null)
        {
            yield break;
        }

        var verb = CmsPermissions.ContentVerbs.FirstOrDefault(v => permission == CmsPermissions.GlobalName(v, own: false));
        if (verb is null)
        {
            if (permission == CmsPermissions.ListContent && securable.Contains(item.ContentType))
            {
                yield return $"ListContent_{item.ContentType}";
            }

            yield break;
        }

        var isSecurable = securable.Contains(item.ContentType);
        if (isSecurable)
        {
            yield return CmsPermissions.TypeName(verb, own: false, item.ContentType);
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!string.IsNullOrEmpty(userId) && string.Equals(item.Owner, userId, StringComparison.Ordinal))
        {
            yield return CmsPermissions.GlobalName(verb, own: true);
            if (isSecurable)
            {
                yield return CmsPermissions.TypeName(verb, own: true, item.ContentType);
            }
        }
    }
}
