using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTroubleCms.Web.Tests;

namespace NetTroubleCms.BrowserTests;

/// <summary>
/// The app on Kestrel (a real port on 127.0.0.1) and Debian's Chromium driven by Playwright.
/// The browser is never downloaded: the executable is /usr/bin/chromium (override with CHROMIUM_PATH).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The app under test.</summary>
    public CmsApplication App { get; } = new();

    /// <summary>Base URL such as http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Folder for screenshots kept as test artifacts.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(CmsApplication.RepositoryRoot, "artifacts", "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Directory.CreateDirectory(ArtifactsDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new page in a fresh context.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { Locale = "ja-JP" });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>One app and one browser for the browser tests in it (they only read, or write their own items).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "browser";
}

/// <summary>
/// The public pages' checks (axe on every page type and language, reflow, print) on an app and a browser of their own,
/// so xunit runs them beside <see cref="BrowserCollection"/> rather than after it: a page load mostly waits, and the
/// two collections together keep both cores busy. Their app only serves the seeded site, which the other collection's
/// writes never reach.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublicPagesCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "browser-public-pages";
}
