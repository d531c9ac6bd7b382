using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace NetTroubleCms.Content.Storage;

/// <summary>
/// Inserts the new rows a bulk import queued, with one prepared INSERT per table that is run again for every row.
/// EF Core sends each batch as one long text of statements, which SQLite parses and plans anew, statement by statement,
/// on every save, and tracks every row until then; for tens of thousands of rows that costs more than the writing.
/// Values are bound through EF's own type mappings (converters included), so the rows are the ones SaveChanges would
/// write. Rows of entity types this cannot handle as simply (relationships, inheritance, owned or complex parts,
/// shadow columns), and every row on other databases, are handed to the context for SaveChanges instead.
/// </summary>
internal static class AddedRowWriter
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>True when the context runs on SQLite (checked by name: the engine does not reference the provider).</summary>
    public static bool IsSqliteProvider(this DatabaseFacade database) => database.ProviderName == SqliteProvider;

    /// <summary>Inserts <paramref name="rows"/> (in order within each table), giving generated keys back to them.</summary>
    public static async Task WriteAsync(DbContext db, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var direct = db.Database.IsSqliteProvider() && db.Database.CurrentTransaction is not null;
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var group in rows.GroupBy(r => r.GetType()))
        {
            var type = db.Model.FindEntityType(group.Key)
                ?? throw new InvalidOperationException($"{group.Key.Name} is not part of the store's model.");
            if (!direct || !IsSimple(type))
            {
                foreach (var row in group)
                {
                    db.Add(row);
                }

                continue;
            }

            await InsertAsync(db, sql, type, [.. group], cancellationToken);
        }
    }

    private static async Task InsertAsync(DbContext db, ISqlGenerationHelper sql, IEntityType type, List<object> rows, CancellationToken cancellationToken)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties[0];
        var generatedKey = key.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && (key.ClrType == typeof(long) || key.ClrType == typeof(int));
        var columns = type.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && !(generatedKey && p == key))
            .ToList();

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select((_, i) => "@p" + i));
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({values})"
            + (generatedKey ? $" RETURNING {sql.DelimitIdentifier(key.GetColumnName(table)!)}" : "");
        var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToArray();
        var getters = columns.Select(p => p.GetGetter()).ToArray();
        for (var i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(mappings[i].CreateParameter(command, "@p" + i, null, columns[i].IsNullable));
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var value = getters[i].GetClrValue(row);
                if (value is not null && mappings[i].Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                command.Parameters[i].Value = value ?? DBNull.Value;
            }

            if (generatedKey)
            {
                var id = await command.ExecuteScalarAsync(cancellationToken);
                key.PropertyInfo!.SetValue(row, Convert.ChangeType(id, key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    // One table, one key, plain columns held by CLR properties: what the engine's rows and the audit entries are.
    private static bool IsSimple(IEntityType type) =>
        type.GetTableName() is not null
        && type.BaseType is null
        && !type.GetDirectlyDerivedTypes().Any()
        && !type.IsOwned()
        && !type.GetForeignKeys().Any()
        && !type.GetNavigations().Any()
        && !type.GetSkipNavigations().Any()
        && !type.GetComplexProperties().Any()
        && type.FindPrimaryKey() is { Properties.Count: 1 } primaryKey
        && primaryKey.Properties[0].PropertyInfo is { CanWrite: true }
        && type.GetProperties().All(p => !p.IsShadowProperty());
}
