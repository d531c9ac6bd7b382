using System.Globalization;
using NetTroubleCms.Web.Infrastructure.CommandLine;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The executable's command line run inside the test process: the same parsing, help, usage errors and verbs as
/// <c>Program</c>, with output captured in writers of the call's own (so parallel tests never mix their output), and a
/// verb's services from a <see cref="CmsApplication"/> started on the data folder for that one command. It saves the
/// runtime start of a child process; tests of the process itself (exit codes, start-up refusals, kill -9) use
/// <see cref="ChildProcess"/>.
/// </summary>
public static class InProcessCli
{
    /// <summary>Runs <paramref name="args"/> on <paramref name="dataDirectory"/>; returns the exit code and both outputs.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        // Program parses before it sets Japanese as the process's language, so help and parse errors speak the machine's
        // language; other apps in this process have set it already, so the machine's is set again for this call only
        // (an async method's culture does not leak to its caller).
        CultureInfo.CurrentUICulture = CultureInfo.InstalledUICulture;
        var cli = await CmsCommandLine.PrepareAsync(args, output, error);
        if (cli.ExitCode is { } finished)
        {
            return (finished, output.ToString(), error.ToString());
        }

        if (!cli.IsVerb)
        {
            throw new InvalidOperationException("serve runs as a child process (ChildProcess.StartServerAsync), not here.");
        }

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
        using var app = CmsApplication.OnFolder(dataDirectory);
        var exit = await cli.RunVerbAsync(app.Services);
        return (exit, output.ToString(), error.ToString());
    }
}
