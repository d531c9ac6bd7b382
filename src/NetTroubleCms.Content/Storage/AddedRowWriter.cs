using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace NetTroubleCms.Content.Storage;

/// <summary>
/// Inserts the rows a bulk import added, with one prepared INSERT per table that is run again for every row.
/// EF Core sends each batch as one long text of statements, which SQLite parses and plans anew, statement by statement,
/// on every save; for tens of thousands of rows that parsing costs more than the writing. Values are bound through
/// EF's own type mappings (converters included), so the rows are the ones SaveChanges would write. Rows of entity
/// types this cannot handle as simply (relationships, inheritance, owned or complex parts) are left to SaveChanges.
/// </summary>
internal static class AddedRowWriter
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>True when the context runs on SQLite (checked by name: the engine does not reference the provider).</summary>
    public static bool IsSqliteProvider(this DatabaseFacade database) => database.ProviderName == SqliteProvider;

    /// <summary>Writes the added rows it can and marks them saved; returns how many it wrote.</summary>
    public static async Task<int> WriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqliteProvider() || db.Database.CurrentTransaction is not { } transaction)
        {
            return 0;
        }

        var groups = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata)
            .Where(g => IsSimple(g.Key))
            .ToList();
        if (groups.Count == 0)
        {
            return 0;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var written = 0;
        foreach (var group in groups)
        {
            var type = group.Key;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties.Single();
            var generatedKey = key.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && (key.ClrType == typeof(long) || key.ClrType == typeof(int));
            var columns = type.GetProperties()
                .Where(p => p.GetColumnName(table) is not null && !(generatedKey && p == key))
                .ToList();

            await using var command = connection.CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
            var values = string.Join(", ", columns.Select((_, i) => "@p" + i));
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({values})"
                + (generatedKey ? $" RETURNING {sql.DelimitIdentifier(key.GetColumnName(table)!)}" : "");
            var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToArray();
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(mappings[i].CreateParameter(command, "@p" + i, null, columns[i].IsNullable));
            }

            foreach (var entry in group)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = entry.Property(columns[i].Name).CurrentValue;
                    if (value is not null && mappings[i].Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    command.Parameters[i].Value = value ?? DBNull.Value;
                }

                if (generatedKey)
                {
                    var id = await command.ExecuteScalarAsync(cancellationToken);
                    entry.Property(key.Name).CurrentValue = Convert.ChangeType(id, key.ClrType, System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                // Saved: SaveChanges must not insert it again.
                entry.State = EntityState.Unchanged;
                written++;
            }
        }

        return written;
    }

    // One table, one key, plain columns: what the engine's rows and the audit entries are.
    private static bool IsSimple(IEntityType type) =>
        type.GetTableName() is not null
        && type.BaseType is null
        && !type.GetDirectlyDerivedTypes().Any()
        && !type.IsOwned()
        && !type.GetForeignKeys().Any()
        && !type.GetNavigations().Any()
        && !type.GetSkipNavigations().Any()
        && !type.GetComplexProperties().Any()
        && type.FindPrimaryKey() is { Properties.Count: 1 };
}
