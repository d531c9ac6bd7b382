using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>The smallest context that carries the engine's tables.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddContentModel();
}
