using Microsoft.EntityFrameworkCore;

namespace NetTroubleCms.Content.Storage;

/// <summary>Adds the engine's tables to an application's EF Core model.</summary>
public static class ContentModel
{
    /// <summary>Configures <see cref="ContentItemRecord"/> and <see cref="DocumentRecord"/>.</summary>
    public static ModelBuilder AddContentModel(this ModelBuilder builder)
    {
        builder.Entity<ContentItemRecord>(e =>
        {
            e.ToTable("ContentItems");
            e.HasKey(x => x.Id);
            e.Property(x => x.ContentItemId).HasMaxLength(26).IsRequired();
            e.Property(x => x.ContentItemVersionId).HasMaxLength(26).IsRequired();
            e.Property(x => x.ContentType).HasMaxLength(255).IsRequired();
            e.Property(x => x.DisplayText).HasMaxLength(1000);
            e.Property(x => x.Owner).HasMaxLength(255);
            e.Property(x => x.Author).HasMaxLength(255);
            e.Property(x => x.Path).HasMaxLength(1024);
            e.Property(x => x.Culture).HasMaxLength(32);
            e.Property(x => x.LocalizationSet).HasMaxLength(26);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.ContentItemVersionId).IsUnique();
            e.HasIndex(x => new { x.ContentItemId, x.Latest, x.Published });
            e.HasIndex(x => new { x.ContentType, x.Published, x.Latest });
            e.HasIndex(x => new { x.Published, x.Path });
            e.HasIndex(x => x.DisplayText);
            e.HasIndex(x => x.ModifiedUtc);
            e.HasIndex(x => x.PublishedUtc);
            e.HasIndex(x => x.LocalizationSet);
        });
        builder.Entity<DocumentRecord>(e =>
        {
            e.ToTable("Documents");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        return builder;
    }
}
