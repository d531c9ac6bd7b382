using Microsoft.Data.Sqlite;
using Npgsql;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>What is wrong with the database, in terms an operator and an editor can act on.</summary>
public enum StorageFaultKind
{
    /// <summary>The database file or the site in it is gone.</summary>
    Missing,

    /// <summary>The database file is damaged.</summary>
    Corrupt,

    /// <summary>A different site's database now sits where this site's was.</summary>
    Replaced,

    /// <summary>The disk (or the database's size limit) is full.</summary>
    Full,

    /// <summary>The database server cannot be reached.</summary>
    Unreachable,
}

/// <summary>A write refused (or failed) because of the state of the storage, not because of the edit.</summary>
public sealed class StorageFaultException(StorageFaultKind kind, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    /// <summary>What went wrong.</summary>
    public StorageFaultKind Kind { get; } = kind;
}

/// <summary>Recognises storage faults among the exceptions EF Core, SQLite, Npgsql and the file system throw.</summary>
public static class StorageFaults
{
    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;
    private const int SqliteReadOnly = 8;

    // ENOSPC and EDQUOT as .NET reports them in IOException.HResult on Linux.
    private const int DiskFull = 28;
    private const int QuotaExceeded = 122;

    /// <summary>The fault behind <paramref name="exception"/> (searching inner exceptions), or null for any other error.</summary>
    public static StorageFaultKind? Classify(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case StorageFaultException fault:
                    return fault.Kind;
                case SqliteException sqlite:
                    switch (sqlite.SqliteErrorCode & 0xFF)
                    {
                        case SqliteFull:
                            return StorageFaultKind.Full;
                        case SqliteCorrupt or SqliteNotADb:
                            return StorageFaultKind.Corrupt;
                        case SqliteCantOpen:
                            return StorageFaultKind.Missing;
                        case SqliteIoErr or SqliteReadOnly:
                            // READONLY_DBMOVED (1032) is what SQLite says when the file was deleted under it.
                            return sqlite.SqliteExtendedErrorCode == 1032 ? StorageFaultKind.Missing : StorageFaultKind.Unreachable;
                    }

                    break;
                case PostgresException postgres when postgres.SqlState is "53100" or "53000":
                    return StorageFaultKind.Full;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return StorageFaultKind.Unreachable;
                case IOException io when (io.HResult & 0xFFFF) is DiskFull or QuotaExceeded:
                    return StorageFaultKind.Full;
            }
        }

        return null;
    }
}
