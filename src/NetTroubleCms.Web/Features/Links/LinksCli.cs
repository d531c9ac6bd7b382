using NetTroubleCms.Web.Features.Setup;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>
/// <c>links check</c>: checks every URL of published content now and stores the results, as the schedule does.
/// Exit codes: 0 every link works (redirects included), 1 at least one is broken, 2 wrong usage.
/// </summary>
public static class LinksCli
{
    /// <summary>True when the arguments ask for this verb.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "links";

    /// <summary>Runs the verb; <paramref name="args"/> starts with <c>links</c>.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args.Length != 2 || args[1] != "check")
        {
            await error.WriteLineAsync("使い方 / usage:\n  links check");
            return 2;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
        }

        var checker = services.GetRequiredService<LinkChecker>();
        var run = await checker.CheckPublishedAsync();
        await output.WriteLineAsync($"checked {run.Checked}: ok {run.Ok}, moved {run.Moved}, broken {run.Broken} ({run.Duration.TotalSeconds:0.0} s)");
        return run.Broken > 0 ? 1 : 0;
    }
}

/// <summary><c>links check</c>: checks every URL in published content once and prints what it found (exit 1 when a link is broken).</summary>
public sealed class LinksVerb : NetTroubleCms.Web.Infrastructure.CommandLine.ICliVerb
{
    /// <inheritdoc />
    public System.CommandLine.Command Create(NetTroubleCms.Web.Infrastructure.CommandLine.CliHost host)
    {
        var check = new System.CommandLine.Command("check", "Check every link in published content now. / 公開中のリンクを今すぐ確認します。");
        check.SetAction((_, _) => LinksCli.RunAsync(host.Services, ["links", "check"], host.Out, host.Error));
        return new System.CommandLine.Command("links", "Link checks. / リンクの確認。") { check };
    }
}
