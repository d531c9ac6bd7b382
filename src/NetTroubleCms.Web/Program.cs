using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Admin;
using NetTroubleCms.Web.Features.Links;
using NetTroubleCms.Web.Features.Recipes;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Features.Verification;
using NetTroubleCms.Web.Infrastructure;

if (HealthProbe.IsCommand(args))
{
    return await HealthProbe.RunAsync(args);
}

// `recipe import|export …` runs the CLI on the configured data folder instead of the web server.
var cli = RecipeCli.IsCommand(args) || LinksCli.IsCommand(args);
var builder = WebApplication.CreateBuilder(cli ? [] : args);
builder.AddCms();
builder.AddReadApi();
builder.Services.AddAdmin();
builder.Services.AddLinkChecks();
builder.Services.AddVerification();
if (cli)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

var app = builder.Build();
if (cli)
{
    return LinksCli.IsCommand(args) ? await LinksCli.RunAsync(app.Services, args) : await RecipeCli.RunAsync(app.Services, args);
}

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseThemeAssets();
app.UseRouting();
app.UseCors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAdmin();

app.MapHealth();
app.MapReadApi();
app.MapAdmin();
app.MapSite();

await app.RunAsync();
return 0;
