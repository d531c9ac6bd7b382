namespace NetTroubleCms.Web.Infrastructure.CommandLine;

/// <summary>What a verb's action may use once it runs.</summary>
public sealed class CliHost
{
    private IServiceProvider? _services;

    /// <summary>
    /// Writers for the verb's output and errors: the console unless given. Tests run verbs in parallel in one process,
    /// where redirecting the console would mix their output, so they pass their own writers.
    /// </summary>
    public CliHost(TextWriter? output = null, TextWriter? error = null)
    {
        Out = output ?? Console.Out;
        Error = error ?? Console.Error;
    }

    /// <summary>Where the verb writes its report (standard output by default).</summary>
    public TextWriter Out { get; }

    /// <summary>Where the verb writes errors, warnings and usage (standard error by default).</summary>
    public TextWriter Error { get; }

    /// <summary>
    /// The same services the site uses (same configuration, data folder and database), built without the web server.
    /// Available inside the action of a verb whose <see cref="ICliVerb.NeedsServices"/> is true.
    /// </summary>
    public IServiceProvider Services
    {
        get => _services ?? throw new InvalidOperationException("This verb declared that it needs no services.");
        internal set => _services = value;
    }
}
