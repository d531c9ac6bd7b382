using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Admin;
using NetTroubleCms.Web.Features.Links;
using NetTroubleCms.Web.Features.Media;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Features.SiteData;
using NetTroubleCms.Web.Features.Recipes;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Features.Verification;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.CommandLine;
using NetTroubleCms.Web.Infrastructure.Hardening;

// `serve` (the default) runs the site; every other verb (`recipe`, `health`, ...) comes from its feature's ICliVerb.
var cli = await CmsCommandLine.PrepareAsync(args);
if (cli.ExitCode is { } exitCode)
{
    return exitCode; // help, a verb that needs no services, or wrong usage (2): the site does not start
}

// A start refused on purpose (missing or wrong setting, a data folder whose site is gone) ends with one line on stderr
// and exit code 78 (StartupRefusal.ExitCode), not an unhandled exception.
try
{
    // Japanese is the editors' language: verbs, background work and the engine's messages speak it whatever the server's
    // locale is; admin requests switch per request (English UI by cookie). Set after parsing, so the command line's own
    // help stays in the words its bilingual descriptions were written for.
    System.Globalization.CultureInfo.DefaultThreadCurrentUICulture ??= System.Globalization.CultureInfo.GetCultureInfo("ja");

    var builder = WebApplication.CreateBuilder(cli.HostArguments);
    builder.AddCms();
    builder.AddReadApi();
    builder.Services.AddAdmin();
    builder.Services.AddLinkChecks();
    builder.Services.AddVerification();
    builder.AddRecipeLibrary();
    builder.AddMedia();
    builder.AddWebHardening();
    builder.Services.AddPublicCompression();
    if (cli.IsVerb)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    // Background services (the data-protection key ring's first load, Redis, schedules) start side by side with the
    // web server instead of one after the other before it: none of them is needed to answer the first request.
    builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

    var app = builder.Build();
    // The options checked on start (ValidateOnStart), checked here before anything starts: the host would otherwise
    // log the failure with its stack trace before the refusal line.
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
    if (cli.IsVerb)
    {
        return await cli.RunVerbAsync(app.Services);
    }

    app.UseWebHardening();

    // Set-up (migrations, first-start seeding, the administrator) runs while the request pipeline is put together:
    // the two share nothing, so on two cores the start takes the longer of them rather than their sum. Nothing is
    // served, and no background service starts, before set-up has ended (a refusal still stops the start here).
    var setup = Task.Run(async () =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
    });

    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UsePublicCompression();
    app.UseThemeAssets();
    app.UseRouting();
    app.UseCors();
    app.UseRateLimiter();
    app.UseCredentialedAuthentication();
    app.UseAuthorization();
    app.UseAdmin();

    app.MapHealth();
    app.MapReadApi();
    app.MapMedia();
    app.MapAdmin();
    app.MapSite();

    await setup;
    // The first readiness probe would otherwise read the whole database file (SQLite's quick_check) while it waits.
    app.Services.GetRequiredService<DatabaseGuard>().CheckThoroughlyInBackground();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupRefusal.IsProcessEntryPoint && StartupRefusal.Describe(ex) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return StartupRefusal.ExitCode;
}
