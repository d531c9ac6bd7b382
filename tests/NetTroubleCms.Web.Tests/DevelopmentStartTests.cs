using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// README's first command runs the site in Development, where the host checks every service's lifetime at start (a
/// singleton holding a scoped service is refused). The other tests run as Testing, which does not check.
/// </summary>
public sealed class DevelopmentStartTests : IDisposable
{
    private readonly CmsApplication _app = new DevelopmentApplication().Fresh();

    [Fact]
    public async Task TheSiteStartsAndSignsInInDevelopment()
    {
        using var client = _app.CreateClient();

        using var home = await client.GetAsync("/");
        using var admin = await AdminClient.SignInAsync(_app);
        using var dashboard = await admin.Http.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    /// <inheritdoc />
    public void Dispose() => _app.Dispose();

    private sealed class DevelopmentApplication : CmsApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }
}
