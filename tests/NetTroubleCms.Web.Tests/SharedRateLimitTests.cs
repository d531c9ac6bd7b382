using System.Net;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The sign-in limits (per account and per address) counted in Redis: bad sign-ins spread over two instances are
/// stopped at the same attempt as on one instance. Two instances without Redis are the control: there each counts
/// alone and the same spread gets further. Runs where the scale-out test runs (<see cref="ScaleOutFactAttribute"/>).
/// </summary>
public sealed class SharedRateLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PerAccount = 3;
    private const int PerAddress = 8;
    private readonly List<CmsApplication> _apps = [];
    private RedisServer? _redis;

    public async Task InitializeAsync()
    {
        Assert.True(ScaleOutFactAttribute.Missing() is null, ScaleOutFactAttribute.Missing());
        _redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _redis?.Dispose();
    }

    // Instances need no shared database for this: only the counters are shared. No seed content (faster start);
    // the administrator is still created.
    private CmsApplication Instance(bool redis)
    {
        var app = new CmsApplication()
            .With("Cms:SeedRecipe", "no-seed.recipe.json")
            .With("Cms:SignIn:PerAccountPermitLimit", PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Cms:SignIn:PerIpPermitLimit", PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Cms:Redis:Configuration", redis ? _redis!.Configuration : null);
        _apps.Add(app);
        return app;
    }

    [ScaleOutFact]
    public async Task BadSignInsAlternatingBetweenTwoInstancesAreLimitedAsOnOne()
    {
        var one = await FirstRefusalsAsync([Instance(redis: false)]);
        var shared = await FirstRefusalsAsync([Instance(redis: true), Instance(redis: true)]);
        var separate = await FirstRefusalsAsync([Instance(redis: false), Instance(redis: false)]);
        output.WriteLine($"first 429 (per account, then per address, counted in posts): one instance {one}, two on Redis {shared}, two without Redis {separate}");

        Assert.Equal((PerAccount + 1, PerAddress + 1), one);
        Assert.Equal(one, shared);
        // The control shows the test can tell: without Redis each instance saw only half of the attempts.
        Assert.True(separate.Account > one.Account && separate.Address > one.Address, $"without Redis: {separate}");
    }

    // Bad passwords for one unknown account until a 429, then for fresh unknown accounts until a 429 (the per-address
    // limit, which counted the first run's posts too), alternating between the instances. Returns the post number
    // of each first 429 (0 = none within the run).
    private static async Task<(int Account, int Address)> FirstRefusalsAsync(IReadOnlyList<CmsApplication> apps)
    {
        var clients = apps.Select(AdminClient.Anonymous).ToList();
        try
        {
            var post = 0;
            var account = 0;
            while (account == 0 && post < 3 * PerAccount)
            {
                using var response = await clients[post % clients.Count].TrySignInAsync("nobody-shared-limit", "wrong-password");
                post++;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    account = post;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            var address = 0;
            while (address == 0 && post < 3 * PerAddress)
            {
                using var response = await clients[post % clients.Count].TrySignInAsync($"nobody-{post}", "wrong-password");
                post++;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    address = post;
                }
            }

            return (account, address);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
