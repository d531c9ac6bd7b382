namespace NetTroubleCms.Web.Infrastructure.CommandLine;

/// <summary>What a verb's action may use once it runs.</summary>
public sealed class CliHost
{
    private IServiceProvider? _services;

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
