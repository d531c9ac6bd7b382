using System.CommandLine;
using NetTroubleCms.Web.Infrastructure.CommandLine;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary><c>backup --output FILE [--force]</c>: an online copy of the database (SQLite; pg_dump guidance on PostgreSQL).</summary>
public sealed class BackupVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(CliHost host)
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write the backup to. / バックアップの書き出し先。", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file. / 既存のファイルを上書きします。" };
        var command = new Command("backup", "Copy the live database to a file while the site runs. / 動作中のデータベースをファイルに複製します。") { output, force };
        command.SetAction((result, _) => SiteDataCli.BackupAsync(host.Services, result.GetValue(output)!.FullName, result.GetValue(force), host.Out, host.Error));
        return command;
    }
}

/// <summary><c>restore --input FILE</c>: replaces the database with a checked backup, keeping the old one beside it.</summary>
public sealed class RestoreVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Create(CliHost host)
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "The backup file to restore. / 復元するバックアップ。", Required = true };
        var command = new Command("restore", "Restore the database from a backup (the old one is kept as cms.db.before-restore-*). / バックアップから復元します。") { input };
        command.SetAction((result, _) => SiteDataCli.RestoreAsync(host.Services, result.GetValue(input)!.FullName, host.Out, host.Error));
        return command;
    }
}
