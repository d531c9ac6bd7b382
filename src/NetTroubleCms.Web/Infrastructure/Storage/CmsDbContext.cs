using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Audit;

namespace NetTroubleCms.Web.Infrastructure.Storage;

/// <summary>A CMS user (ASP.NET Core Identity).</summary>
public sealed class CmsUser : IdentityUser
{
    /// <summary>Disabled users cannot sign in; their history stays.</summary>
    public bool IsDisabled { get; set; }
}

/// <summary>The app's database: Identity tables, the content engine's tables and the audit trail. SQLite migrations.</summary>
public class CmsDbContext(DbContextOptions options) : IdentityDbContext<CmsUser, IdentityRole, string>(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.AddContentModel();
        builder.AddAuditModel();
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditModel.RefuseRewrites(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditModel.RefuseRewrites(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

/// <summary>The same model for PostgreSQL, with its own migrations (column types differ per provider).</summary>
public sealed class PostgresCmsDbContext(DbContextOptions<PostgresCmsDbContext> options) : CmsDbContext(options);
