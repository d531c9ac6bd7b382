using NetTroubleCms.Web.Infrastructure;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// A start the app refuses ends as an operator expects from a service: exit code 78 and one line on stderr that says
/// why in Japanese and names the setting, no stack trace, no abort (exit 134).
/// </summary>
public sealed class StartupRefusalTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ntcms-refusal", Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task<(int Exit, string Out, string Err)> StartAsync(string folder, Dictionary<string, string> environment)
    {
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        using var child = ChildProcess.Start(folder, [], environment);
        var result = await child.WaitAsync(TimeSpan.FromSeconds(180));
        output.WriteLine($"exit {result.Exit}; stderr: {result.Err}");
        return result;
    }

    private static void AssertRefused((int Exit, string Out, string Err) result, string key)
    {
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(StartupRefusal.ExitCode, result.Exit);
        var line = Assert.Single(lines);
        Assert.StartsWith("起動を中止しました", line, StringComparison.Ordinal);
        Assert.Contains($"[{key}]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Err + result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPublicBaseUrlOutsideDevelopmentExits78WithOneLine()
    {
        var result = await StartAsync(Path.Combine(_root, "no-address"), new() { ["Cms__PublicBaseUrl"] = "" });

        AssertRefused(result, "Cms:PublicBaseUrl");
        Assert.Contains("公開アドレス", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptionsExit78NamingTheSectionAndTheSetting()
    {
        var result = await StartAsync(Path.Combine(_root, "bad-option"), new() { ["Cms__SignIn__PerAccountPermitLimit"] = "0" });

        AssertRefused(result, "Cms:SignIn");
        Assert.Contains("PerAccountPermitLimit", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingKeyRingCertificateExits78()
    {
        var result = await StartAsync(Path.Combine(_root, "no-certificate"), new() { ["Cms__DataProtection__CertificatePath"] = Path.Combine(_root, "absent.pfx") });

        AssertRefused(result, "Cms:DataProtection:CertificatePath");
    }

    [Fact]
    public async Task AFolderThatHeldASiteWhoseDatabaseIsGoneExits78()
    {
        var folder = Path.Combine(_root, "lost");
        var (seeded, _, seedErr) = await InProcessCli.RunAsync(folder, "recipe", "export", "--output", Path.Combine(_root, "seed.json"));
        Assert.True(seeded == 0, seedErr);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder, "cms.db*"))
        {
            File.Delete(file);
        }

        var result = await StartAsync(folder, []);

        AssertRefused(result, "Cms:AllowReseed");
        Assert.Contains("サイトのデータが見つかりません", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "cms.db")), "the refused start must not create an empty database");
    }
}
