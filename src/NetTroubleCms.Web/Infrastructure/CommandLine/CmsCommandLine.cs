using System.CommandLine;
using System.CommandLine.Parsing;

namespace NetTroubleCms.Web.Infrastructure.CommandLine;

/// <summary>
/// Dispatches the executable's arguments: <c>serve</c> (the default) runs the site, every other verb comes from an
/// <see cref="ICliVerb"/> in this assembly. Exit codes: 0 success, 1 refused by the verb, 2 wrong usage (unknown
/// verb, missing or extra argument).
/// </summary>
public static class CmsCommandLine
{
    /// <summary>Exit code for wrong usage.</summary>
    public const int UsageError = 2;

    private const string Serve = "serve";

    private static readonly string[] RootTokens = ["--help", "-h", "-?", "/?", "/h", "--version"];

    /// <summary>
    /// Parses the arguments. Help, usage errors and verbs that need no services finish here (<see cref="CliInvocation.ExitCode"/>);
    /// otherwise the caller builds the application and either serves or runs the verb with its services.
    /// Help, usage and the verbs write to <paramref name="output"/> and <paramref name="error"/> (the console by default).
    /// </summary>
    public static async Task<CliInvocation> PrepareAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args.Length == 0)
        {
            // The usual start (a service, a container): serve with nothing to parse, so the verbs' commands (found by
            // reflection over the whole assembly) are not built at all.
            return CliInvocation.ForServe([]);
        }

        var host = new CliHost(output, error);
        var (root, verbs) = Build(host);
        var routed = Route(args);
        var result = root.Parse(routed);
        if (result.Errors.Count > 0)
        {
            return CliInvocation.Finished(await ReportUsageErrorAsync(root, result, host));
        }

        var command = result.CommandResult.Command;
        if (result.Action != command.Action)
        {
            // --help or --version: System.CommandLine answers it.
            return CliInvocation.Finished(await result.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error }));
        }

        if (command.Name == Serve && command.Parents.Contains(root))
        {
            // The host gets exactly what the operator typed after the verb (Key=Value pairs included).
            return CliInvocation.ForServe(routed[1..]);
        }

        var top = TopLevel(result.CommandResult, root);
        if (!verbs[top].NeedsServices)
        {
            return CliInvocation.Finished(await InvokeAsync(result, host));
        }

        return CliInvocation.ForVerb(async services =>
        {
            host.Services = services;
            return await InvokeAsync(result, host);
        });
    }

    /// <summary>The root command with <c>serve</c> and every verb found in this assembly, in name order.</summary>
    public static (RootCommand Root, IReadOnlyDictionary<Command, ICliVerb> Verbs) Build(CliHost host)
    {
        var root = new RootCommand(
            "NetTroubleCms: the site, its read API and admin, and maintenance verbs on the configured data folder.\n"
            + "ネットトラブル相談ガイドのサイトと管理用コマンド。動詞を省略すると serve（サイトの起動）になります。");
        root.Subcommands.Add(CreateServe());
        var verbs = new Dictionary<Command, ICliVerb>();
        var found = typeof(CmsCommandLine).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliVerb).IsAssignableFrom(t))
            .Select(t => (ICliVerb)Activator.CreateInstance(t)!)
            .Select(v => (Verb: v, Command: v.Create(host)))
            .OrderBy(v => v.Command.Name, StringComparer.Ordinal);
        foreach (var (verb, command) in found)
        {
            root.Subcommands.Add(command);
            verbs.Add(command, verb);
        }

        return (root, verbs);
    }

    /// <summary>
    /// No verb means <c>serve</c>: no arguments at all, or host arguments only (<c>--urls ...</c>,
    /// <c>Cms:PublicBaseUrl=...</c>), as <c>dotnet run</c>, Docker and the test host pass them.
    /// </summary>
    private static string[] Route(string[] args)
    {
        if (args.Length == 0)
        {
            return [Serve];
        }

        var first = args[0];
        var hostArgument = (first.StartsWith('-') && !RootTokens.Contains(first, StringComparer.Ordinal)) || first.Contains('=', StringComparison.Ordinal);
        return hostArgument ? [Serve, .. args] : args;
    }

    private static Command CreateServe()
    {
        var command = new Command(
            Serve,
            "Run the web site (the default when no verb is given). Every argument after it goes to the ASP.NET Core host,\n"
            + "including configuration as Key=Value (e.g. Cms:PublicBaseUrl=https://example.org). サイトを起動します（既定の動詞）。")
        {
            // Host arguments are open-ended (any configuration key), so they are passed on rather than refused.
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(new Option<string>("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:8080 (or ASPNETCORE_URLS).", HelpName = "url;url" });
        command.Options.Add(new Option<string>("--environment") { Description = "Development, Production, ... (or ASPNETCORE_ENVIRONMENT).", HelpName = "name" });
        command.Options.Add(new Option<string>("--contentRoot") { Description = "Folder holding Themes/, recipes/ and appsettings.json (default: the app's folder).", HelpName = "folder" });

        // Never invoked: PrepareAsync hands serve to Program, which owns the web pipeline. An action is still set so
        // "serve" counts as a runnable command rather than a group that needs a sub-verb.
        command.SetAction(_ => 0);
        return command;
    }

    private static Command TopLevel(CommandResult result, RootCommand root)
    {
        var current = result;
        while (current.Parent is CommandResult parent && parent.Command != root)
        {
            current = parent;
        }

        return current.Command;
    }

    private static Task<int> InvokeAsync(ParseResult result, CliHost host) =>
        // Exceptions keep their usual behaviour (a crash with a stack trace); verbs turn expected failures into exit code 1.
        result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false, Output = host.Out, Error = host.Error });

    private static async Task<int> ReportUsageErrorAsync(RootCommand root, ParseResult result, CliHost host)
    {
        // "links check" yields "required command" plus one error per unknown word; the unknown words say it better.
        var errors = result.Errors.Count > 1 && result.UnmatchedTokens.Count > 0
            ? result.Errors.Where(e => result.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            : result.Errors;
        foreach (var error in errors)
        {
            await host.Error.WriteLineAsync($"エラー / error: {error.Message}");
        }

        await host.Error.WriteLineAsync("使い方 / usage:");
        var path = new List<string>();
        for (var command = result.CommandResult; command.Command != root; command = (CommandResult)command.Parent!)
        {
            path.Insert(0, command.Command.Name);
        }

        path.Add("--help");
        await root.Parse(path).InvokeAsync(new InvocationConfiguration { Output = host.Error, Error = host.Error });
        return UsageError;
    }
}

/// <summary>What <see cref="CmsCommandLine.PrepareAsync"/> decided.</summary>
public sealed class CliInvocation
{
    private readonly Func<IServiceProvider, Task<int>>? _verb;

    private CliInvocation(int? exitCode, string[] hostArguments, Func<IServiceProvider, Task<int>>? verb)
    {
        ExitCode = exitCode;
        HostArguments = hostArguments;
        _verb = verb;
    }

    /// <summary>Set when nothing else is to run: the process exits with it.</summary>
    public int? ExitCode { get; }

    /// <summary>Arguments for the ASP.NET Core host: the operator's for serve, none for a verb.</summary>
    public string[] HostArguments { get; }

    /// <summary>True when a verb runs with the application's services instead of the web server.</summary>
    public bool IsVerb => _verb is not null;

    /// <summary>Runs the verb with the built services.</summary>
    public Task<int> RunVerbAsync(IServiceProvider services) =>
        (_verb ?? throw new InvalidOperationException("No verb was chosen."))(services);

    internal static CliInvocation Finished(int exitCode) => new(exitCode, [], null);

    internal static CliInvocation ForServe(string[] hostArguments) => new(null, hostArguments, null);

    internal static CliInvocation ForVerb(Func<IServiceProvider, Task<int>> verb) => new(null, [], verb);
}
