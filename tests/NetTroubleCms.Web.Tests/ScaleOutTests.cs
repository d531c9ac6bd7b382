using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Infrastructure.Storage;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Needs PostgreSQL (<c>CMS_TEST_POSTGRES</c>) and Debian's <c>redis-server</c>. A plain <c>dotnet test</c> without them
/// skips with the reason; tests/run.sh provides both and sets <c>CMS_TEST_REQUIRE_SERVERS=1</c>, so in CI a missing
/// server fails the test instead of hiding it.
/// </summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    /// <summary>Skips only when the servers are missing and CI did not ask for them.</summary>
    public ScaleOutFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CMS_TEST_REQUIRE_SERVERS") != "1" && Missing() is { } reason)
        {
            Skip = reason + " (tests/run.sh provides PostgreSQL and Redis).";
        }
    }

    /// <summary>What is missing, or null.</summary>
    public static string? Missing() =>
        string.IsNullOrEmpty(PostgresFactAttribute.ConnectionString) ? "CMS_TEST_POSTGRES is not set"
        : RedisServer.Executable() is null ? "redis-server is not installed"
        : null;
}

/// <summary>A throwaway redis-server on a free 127.0.0.1 port, daemonized and stopped by its PID.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ntcms-redis", Guid.NewGuid().ToString("n"));

    private RedisServer(int port) => Port = port;

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Path of redis-server, or null.</summary>
    public static string? Executable() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ChildProcess.FreePort());
        Directory.CreateDirectory(server._folder);
        var start = new ProcessStartInfo(Executable() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)."))
        {
            ArgumentList = { "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "yes", "--pidfile", server.PidFile, "--dir", server._folder, "--save", "", "--appendonly", "no" },
        };
        using (var launcher = Process.Start(start)!)
        {
            await launcher.WaitForExitAsync();
        }

        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        server.Dispose();
        throw new TimeoutException("redis-server did not start");
    }

    private string PidFile => Path.Combine(_folder, "redis.pid");

    /// <inheritdoc />
    public void Dispose()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>Two (and a control third) app instances on one PostgreSQL database, as behind a load balancer.</summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string HoterasuId = "63r3gb96aszsk7ks37ks2pqs94";
    private const string HoterasuTitle = "法的トラブル解決のための「総合案内所」 法テラス";
    private readonly string _database = "ntcms_scale_" + Guid.NewGuid().ToString("n")[..12];
    private readonly List<CmsApplication> _apps = [];
    private RedisServer? _redis;

    public async Task InitializeAsync()
    {
        Assert.True(ScaleOutFactAttribute.Missing() is null, ScaleOutFactAttribute.Missing());
        _redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_apps.Count > 0)
        {
            await _apps[0].InScopeAsync(async sp => await sp.GetRequiredService<CmsDbContext>().Database.EnsureDeletedAsync());
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _redis?.Dispose();
    }

    private InstanceApplication Instance(bool redis)
    {
        var app = new InstanceApplication();
        if (_apps.Count > 0)
        {
            // Instances share one certificate for the key ring (as production does by configuration): the first
            // instance generated it in its data folder.
            app.WithEarly("Cms:DataProtection:CertificatePath", Path.Combine(_apps[0].DataDirectory, "keys", "data-protection.pfx"));
        }

        app.With("Cms:Database:Provider", "Postgres")
            .With("Cms:Database:ConnectionString", $"{PostgresFactAttribute.ConnectionString};Database={_database}")
            .With("Cms:Redis:Configuration", redis ? _redis!.Configuration : null);
        _apps.Add(app);
        return app;
    }

    [ScaleOutFact]
    public async Task PublishOnOneInstanceIsSeenOnTheOtherWithinOneSecondAndTheSignInCookieWorksOnBoth()
    {
        var cookies = new CookieContainer();
        var a = Instance(redis: true);
        using var clientA = a.CreateDefaultClient(new CookieContainerHandler(cookies));
        await clientA.GetAsync("/health/ready");   // A seeds the database before the others start on it
        var b = Instance(redis: true);
        using var clientB = b.CreateDefaultClient(new CookieContainerHandler(cookies));
        var control = Instance(redis: false);
        using var clientControl = control.CreateClient();

        using var admin = new AdminClient(clientA);
        using var signIn = await admin.TrySignInAsync("admin", CmsApplication.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var adminOnB = await clientB.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, adminOnB.StatusCode);

        // Every instance has built its snapshot; their stamp polls are ten minutes apart, so only Redis can tell them.
        Assert.Contains(HoterasuTitle, await clientB.GetStringAsync("/agencies/houterasu"), StringComparison.Ordinal);
        Assert.Contains(HoterasuTitle, await clientControl.GetStringAsync("/agencies/houterasu"), StringComparison.Ordinal);

        var page = await admin.GetPageAsync($"/admin/contents/{HoterasuId}/edit");
        const string title = "サンプル見出し（インスタンスAで公開）";
        using var published = await admin.SaveAsync(HoterasuId, "publish", new() { [AdminData.InputHolding(page, HoterasuTitle)] = title }, page);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var clock = Stopwatch.StartNew();
        var seen = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(5) && !seen)
        {
            seen = (await clientB.GetStringAsync("/agencies/houterasu")).Contains(title, StringComparison.Ordinal);
            if (!seen)
            {
                await Task.Delay(10);
            }
        }

        var elapsed = clock.Elapsed;
        var controlPage = await clientControl.GetStringAsync("/agencies/houterasu");
        output.WriteLine($"publish on A visible on B after {elapsed.TotalMilliseconds:F0} ms");

        Assert.True(seen && elapsed < TimeSpan.FromSeconds(1), $"B saw the publish: {seen}, after {elapsed.TotalMilliseconds:F0} ms");
        // The control instance has no Redis: it still shows the old title, so Redis (not the poll) did the work.
        Assert.Contains(HoterasuTitle, controlPage, StringComparison.Ordinal);
    }

    private sealed class InstanceApplication : CmsApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.Configure<SnapshotOptions>(o => o.PollInterval = TimeSpan.FromMinutes(10)));
        }
    }
}
