using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NetTroubleCms.Content.Storage;

/// <summary>Adds the engine's tables to an application's EF Core model.</summary>
public static class ContentModel
{
    // SQLite reads dates back with no kind, and ToUniversalTime then shifts them by the machine's offset.
    // Every date the engine stores is UTC, so say so on the way out; nothing changes on the way in or in the schema.
    private static readonly ValueConverter<DateTime, DateTime> Utc = new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

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
            e.Property(x => x.DataHash).HasMaxLength(ContentItemRecord.DataHashLength);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Property(x => x.CreatedUtc).HasConversion(Utc);
            e.Property(x => x.ModifiedUtc).HasConversion(Utc);
            e.Property(x => x.PublishedUtc).HasConversion(Utc);
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
