using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Recipes;

namespace NetTroubleCms.Web.Features.Admin.Permissions;

/// <summary>Orchard's <c>Roles</c> step: <c>{ name: "Roles", Roles: [{ Name, Description, Permissions: [] }] }</c>; replaces each named role's permissions.</summary>
public sealed class RolesRecipeStep(RolesStore roles, RoleManager<IdentityRole> roleManager) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["Roles"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var node = context.Step["Roles"] ?? context.Step["roles"] ?? context.Step["data"] ?? context.Step["Data"];
        List<RoleEntry> incoming;
        try
        {
            incoming = node?.Deserialize<List<RoleEntry>>(ContentJson.Options) ?? [];
        }
        catch (JsonException ex)
        {
            throw new RecipeException($"Roles の形が正しくありません: {ex.Message}", jsonPath: context.Path + ".Roles");
        }

        var doc = await roles.LoadAsync(cancellationToken);
        for (var i = 0; i < incoming.Count; i++)
        {
            var role = incoming[i];
            if (string.IsNullOrWhiteSpace(role.Name))
            {
                throw new RecipeException("ロール名がありません。", jsonPath: $"{context.Path}.Roles[{i}].Name");
            }

            var existing = doc.Get(role.Name);
            if (existing is null)
            {
                doc.Roles.Add(new RoleEntry { Name = role.Name, Description = role.Description, Permissions = [.. role.Permissions.Distinct(StringComparer.Ordinal)] });
            }
            else
            {
                existing.Description = role.Description ?? existing.Description;
                existing.Permissions = [.. role.Permissions.Distinct(StringComparer.Ordinal)];
            }

            if (!await roleManager.RoleExistsAsync(role.Name))
            {
                await roleManager.CreateAsync(new IdentityRole(role.Name));
            }
        }

        await roles.SaveAsync(doc, cancellationToken);
        return $"ロール {incoming.Count} 件";
    }
}

/// <summary>
/// Exports every role as a <c>Roles</c> step, but only when the roles differ from the ones every new site starts with
/// (or the request asks for defaults): an unchanged default would overwrite the target site's own role choices.
/// </summary>
public sealed class RolesExportSource(RolesStore roles) : IRecipeExportSource
{
    /// <inheritdoc />
    public async Task ExportAsync(RecipeExportRequest request, JsonArray steps, CancellationToken cancellationToken)
    {
        var doc = await roles.LoadAsync(cancellationToken);
        if (!request.IncludeDefaults && SameRoles(doc, RolesStore.Defaults()))
        {
            return;
        }

        steps.Add(new JsonObject
        {
            ["name"] = "Roles",
            ["Roles"] = JsonSerializer.SerializeToNode(doc.Roles, ContentJson.Options),
        });
    }

    /// <summary>Same role names, descriptions and permission sets, whatever the order.</summary>
    public static bool SameRoles(RolesDocument a, RolesDocument b) =>
        a.Roles.Count == b.Roles.Count
        && a.Roles.All(role => b.Get(role.Name) is { } other
            && string.Equals(role.Description ?? "", other.Description ?? "", StringComparison.Ordinal)
            && role.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(other.Permissions));
}
