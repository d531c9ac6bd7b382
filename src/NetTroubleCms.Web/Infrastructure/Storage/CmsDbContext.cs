using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Links;

namespace NetTroubleCms.Web.Infrastructure.Storage;

/// <summary>A CMS user (ASP.NET Core Identity).</summary>
public sealed class CmsUser : IdentityUser
{
    /// <summary>Disabled users cannot sign in; their history stays.</summary>
    public bool IsDisabled { get; set; }
}

/// <summary>
/// The app's database: Identity tables, the content engine's tables, the audit trail and the data-protection keys
/// (in the database so every instance of a scaled-out site reads the same cookies). SQLite migrations.
/// </summary>
public class CmsDbContext(DbContextOptions options) : IdentityDbContext<CmsUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <inheritdoc />
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.AddContentModel();
        builder.AddAuditModel();
        builder.AddLinkCheckModel();
        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
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
