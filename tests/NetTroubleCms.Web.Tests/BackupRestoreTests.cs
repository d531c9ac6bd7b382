namespace NetTroubleCms.Web.Tests;

/// <summary>
/// <c>backup</c> and <c>restore</c> as an operator runs them (child processes), round trip included. The exports and
/// the edit that only look at or change the site between them run in the test process (<see cref="InProcessCli"/>).
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ntcms-backup", Guid.NewGuid().ToString("n"));

    public BackupRestoreTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
    }

    private async Task<string> ExportAsync(string data, string name)
    {
        var file = Path.Combine(_root, name);
        var (exit, _, err) = await InProcessCli.RunAsync(data, "recipe", "export", "--output", file);
        Assert.True(exit == 0, err);
        return await File.ReadAllTextAsync(file);
    }

    [Fact]
    public async Task BackupThenRestoreBringsBackTheSiteAndRefusesBadInput()
    {
        var data = Path.Combine(_root, "site");
        var backup = Path.Combine(_root, "site-backup.db");
        var original = await ExportAsync(data, "original.json");

        var taken = await ChildProcess.RunAsync(data, "backup", "--output", backup);
        Assert.True(taken.Exit == 0, taken.Err);
        Assert.Contains("backup:", taken.Out, StringComparison.Ordinal);

        // An edit after the backup...
        var sample = Path.Combine(_root, "sample.recipe.json");
        await File.WriteAllTextAsync(sample, """
            { "steps": [
              { "name": "ContentDefinition", "ContentTypes": [ { "Name": "SampleMemo", "DisplayName": "サンプルメモ", "ContentTypePartDefinitionRecords": [] } ] },
              { "name": "Content", "data": [ { "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyhb", "ContentType": "SampleMemo", "DisplayText": "サンプル", "Published": true, "Latest": true } ] }
            ] }
            """);
        Assert.Equal(0, (await InProcessCli.RunAsync(data, "recipe", "import", sample)).Exit);
        Assert.NotEqual(original, await ExportAsync(data, "edited.json"));

        // ...is undone by the restore, and the replaced database is kept.
        var restored = await ChildProcess.RunAsync(data, "restore", "--input", backup);
        Assert.True(restored.Exit == 0, restored.Err);
        Assert.Contains("previous database kept", restored.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(data, "cms.db.before-restore-*"));
        Assert.Equal(original, await ExportAsync(data, "restored.json"));

        // A lost database: start-up refuses to seed over it, restore brings the site back.
        foreach (var file in Directory.GetFiles(data, "cms.db*"))
        {
            File.Delete(file);
        }

        var refused = await ChildProcess.RunAsync(data, "recipe", "export", "--output", Path.Combine(_root, "never.json"));
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("restore --input", refused.Err, StringComparison.Ordinal);
        Assert.Equal(0, (await ChildProcess.RunAsync(data, "restore", "--input", backup)).Exit);
        Assert.Equal(original, await ExportAsync(data, "recovered.json"));

        // Bad input changes nothing; an existing backup is not overwritten by accident.
        var garbage = Path.Combine(_root, "not-a-backup.db");
        await File.WriteAllTextAsync(garbage, "サンプル: これはデータベースではありません");
        var bad = await ChildProcess.RunAsync(data, "restore", "--input", garbage);
        var again = await ChildProcess.RunAsync(data, "backup", "--output", backup);
        var usage = await ChildProcess.RunAsync(data, "backup");

        Assert.Equal(1, bad.Exit);
        Assert.Contains("何も変更していません", bad.Err, StringComparison.Ordinal);
        Assert.Equal(1, again.Exit);
        Assert.Contains("--force", again.Err, StringComparison.Ordinal);
        Assert.Equal(2, usage.Exit);
        Assert.Equal(original, await ExportAsync(data, "after-bad.json"));
    }
}
