using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NetTroubleCms.Web.Tests.Samples;

/// <summary>
/// A local web server standing in for the agencies' sites in link-check tests: plain HTTP and an HTTPS listener with
/// a self-signed certificate (which no client trusts), both on 127.0.0.1 with ports chosen by the OS.
/// </summary>
public sealed class SampleLinkServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string Path, long Timestamp)> _requests = new();

    private SampleLinkServer(WebApplication app) => _app = app;

    /// <summary>Base URL of the plain HTTP listener, e.g. http://127.0.0.1:40123.</summary>
    public string Http { get; private set; } = "";

    /// <summary>Base URL of the HTTPS listener with the untrusted certificate.</summary>
    public string Https { get; private set; } = "";

    /// <summary>Every request received: method, path, Stopwatch timestamp.</summary>
    public IReadOnlyList<(string Method, string Path, long Timestamp)> Requests => [.. _requests];

    /// <summary>Starts the server.</summary>
    public static async Task<SampleLinkServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var certificate = SelfSigned();
        var pfx = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(pfx));
        });
        var app = builder.Build();
        var server = new SampleLinkServer(app);
        app.Use((context, next) =>
        {
            server._requests.Enqueue((context.Request.Method, context.Request.Path, Stopwatch.GetTimestamp()));
            return next(context);
        });
        app.MapMethods("/ok", ["GET", "HEAD"], () => Results.Text("ok"));
        app.MapMethods("/new-home", ["GET", "HEAD"], () => Results.Text("new home"));
        app.MapGet("/head-refused", () => Results.Text("GET only"));
        app.MapMethods("/head-refused", ["HEAD"], () => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
        app.MapMethods("/moved", ["GET", "HEAD"], () => Results.Redirect("/new-home", permanent: true));
        app.MapMethods("/moved-twice", ["GET", "HEAD"], () => Results.Redirect("/moved", permanent: true, preserveMethod: true));
        app.MapMethods("/temporary", ["GET", "HEAD"], () => Results.Redirect("/ok"));
        app.MapMethods("/loop", ["GET", "HEAD"], () => Results.Redirect("/loop", permanent: true));
        app.MapMethods("/missing", ["GET", "HEAD"], () => Results.NotFound());
        app.MapMethods("/error", ["GET", "HEAD"], () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapMethods("/slow", ["GET", "HEAD"], async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Text("too late");
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Http = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        server.Https = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/');
        return server;
    }

    /// <summary>How many requests reached <paramref name="path"/>.</summary>
    public int Hits(string path) => _requests.Count(r => r.Path == path);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sample-untrusted.invalid", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
