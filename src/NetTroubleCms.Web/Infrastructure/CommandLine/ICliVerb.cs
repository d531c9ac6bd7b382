using System.CommandLine;

namespace NetTroubleCms.Web.Infrastructure.CommandLine;

/// <summary>
/// One verb of the executable (<c>recipe</c>, <c>health</c>, ...). A feature adds a verb by adding one class that
/// implements this interface; <see cref="CmsCommandLine"/> finds every implementation in this assembly, so nothing
/// else has to change.
/// </summary>
public interface ICliVerb
{
    /// <summary>
    /// False for a verb that needs neither configuration nor database (e.g. probing another process); it then runs
    /// before the application's services are built.
    /// </summary>
    bool NeedsServices => true;

    /// <summary>The verb as a System.CommandLine command with its arguments, options, help texts and action.</summary>
    Command Create(CliHost host);
}
