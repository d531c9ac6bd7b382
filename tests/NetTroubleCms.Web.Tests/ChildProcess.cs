using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NetTroubleCms.Web.Tests;

/// <summary>The built app started as a real process (CLI verb or Kestrel on a free loopback port), as an operator runs it.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ChildProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The process id (for kill -9).</summary>
    public int Id => _process.Id;

    /// <summary>Base address when started as a server.</summary>
    public Uri? BaseAddress { get; private init; }

    /// <summary>Starts the app with <paramref name="args"/> on <paramref name="dataDirectory"/>, with extra environment.</summary>
    public static ChildProcess Start(string dataDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null, Uri? baseAddress = null)
    {
        args = args.ToList();
        if (StartsFromSeededCopy(args, environment))
        {
            CmsApplication.CopySeededSite(dataDirectory);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NetTroubleCms.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Cms__DataDirectory"] = dataDirectory;
        start.Environment["Cms__AdminPassword"] = CmsApplication.AdminPassword;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // Required outside Development; a test that needs another address passes it in `environment`.
        start.Environment["Cms__PublicBaseUrl"] = baseAddress?.ToString() ?? CmsApplication.PublicBaseUrl;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start)!) { BaseAddress = baseAddress };
    }

    /// <summary>Starts Kestrel on a free 127.0.0.1 port and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ChildProcess> StartServerAsync(string dataDirectory, IDictionary<string, string>? environment = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var child = Start(dataDirectory, [], new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
        }, address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (child._process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {child._process.ExitCode}: {await child._stderr}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return child;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first answer on a busy machine.
            }

            await Task.Delay(200);
        }

        child.Kill();
        throw new TimeoutException("the app did not become ready within 120 s");
    }

    /// <summary>
    /// Recipe and backup verbs on an empty folder start from the run's seeded copy (see
    /// <see cref="CmsApplication.CopySeededSite"/>) rather than seeding it in a cold process; help, usage errors, the
    /// server and restore see exactly the folder the test gave, as do runs with settings that change the first start.
    /// </summary>
    private static bool StartsFromSeededCopy(IEnumerable<string> args, IDictionary<string, string>? environment) =>
        args.FirstOrDefault() is "recipe" or "backup"
        && !args.Any(a => a is "--help" or "-h")
        && (environment is null || !environment.Keys.Any(k => k.StartsWith("Cms__", StringComparison.Ordinal)));

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a CLI verb to the end.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        using var child = Start(dataDirectory, args);
        // Generous: the build machines are shared and slow under load.
        return await child.WaitAsync(TimeSpan.FromSeconds(600));
    }

    /// <summary>Waits for the exit; returns exit code and output.</summary>
    public async Task<(int Exit, string Out, string Err)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, the way a crash or an OOM killer ends a process: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            // Process.Kill sends SIGKILL on Unix.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
