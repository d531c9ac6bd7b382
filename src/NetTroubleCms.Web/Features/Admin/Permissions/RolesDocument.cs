using System.Text.Json;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Permissions;

/// <summary>One role and its permissions, in the shape of Orchard's <c>Roles</c> recipe step.</summary>
public sealed class RoleEntry
{
    /// <summary>Role name.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the role is for.</summary>
    public string? Description { get; set; }

    /// <summary>Permission names granted.</summary>
    public List<string> Permissions { get; set; } = [];
}

/// <summary>The <c>Roles</c> document: role → permissions.</summary>
public sealed class RolesDocument
{
    /// <summary>Every role.</summary>
    public List<RoleEntry> Roles { get; set; } = [];

    /// <summary>The role called <paramref name="name"/>, or null.</summary>
    public RoleEntry? Get(string name) => Roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Loads and saves the role → permissions document; a site without one gets Orchard's default stereotypes.</summary>
public sealed class RolesStore(IContentStore store)
{
    /// <summary>Name of the document in the store.</summary>
    public const string DocumentName = "Roles";

    private RolesDocument? _loaded;

    /// <summary>The default roles: Orchard's stereotypes for Administrator, Editor, Author and Contributor.</summary>
    public static RolesDocument Defaults() => new()
    {
        Roles =
        [
            new() { Name = "Administrator", Description = "すべての操作ができる管理者", Permissions = [.. CmsPermissions.Global] },
            new()
            {
                Name = "Editor", Description = "すべてのコンテンツを編集・公開できる編集者",
                Permissions = [CmsPermissions.PublishContent, CmsPermissions.EditContent, CmsPermissions.DeleteContent,
                    CmsPermissions.PreviewContent, CmsPermissions.CloneContent, CmsPermissions.ListContent, CmsPermissions.ManageMediaContent,
                    CmsPermissions.AccessAdminPanel],
            },
            new()
            {
                Name = "Author", Description = "自分のコンテンツを編集・公開できる作成者",
                Permissions = [CmsPermissions.PublishOwnContent, CmsPermissions.EditOwnContent, CmsPermissions.DeleteOwnContent,
                    CmsPermissions.PreviewOwnContent, CmsPermissions.CloneOwnContent, CmsPermissions.ListContent, CmsPermissions.AccessAdminPanel],
            },
            new()
            {
                Name = "Contributor", Description = "自分のコンテンツを編集できるが公開はできない投稿者",
                Permissions = [CmsPermissions.EditOwnContent, CmsPermissions.PreviewOwnContent, CmsPermissions.CloneOwnContent,
                    CmsPermissions.ListContent, CmsPermissions.AccessAdminPanel],
            },
        ],
    };

    /// <summary>The current document (cached for the scope).</summary>
    public async Task<RolesDocument> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is not null)
        {
            return _loaded;
        }

        var doc = await store.GetDocumentAsync(DocumentName, cancellationToken);
        _loaded = doc is null ? Defaults() : JsonSerializer.Deserialize<RolesDocument>(doc.Content, ContentJson.Options) ?? Defaults();
        return _loaded;
    }

    /// <summary>Writes the document.</summary>
    public async Task SaveAsync(RolesDocument document, CancellationToken cancellationToken = default)
    {
        _loaded = document;
        await store.SaveDocumentAsync(DocumentName, JsonSerializer.Serialize(document, ContentJson.Compact), cancellationToken);
    }
}
