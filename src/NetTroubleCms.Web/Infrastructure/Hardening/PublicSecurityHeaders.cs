using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace NetTroubleCms.Web.Infrastructure.Hardening;

/// <summary>
/// The public policy's security headers, worked out once per (scheme, host, content type) and then set as they are.
/// The library evaluates every header of the policy on every response; the public policy has no nonce and its values
/// depend only on those three inputs (HSTS on the scheme and host, headers meant for documents on the content type), so
/// the first response of each kind runs the library itself on a stand-in request of that kind and keeps what it set.
/// </summary>
public sealed class PublicSecurityHeaders
{
    // Hosts are whatever clients send: past this many kinds the stand-in runs per response instead of the table growing.
    private const int MaxKinds = 64;
    private const string Marker = "probe";

    private readonly RequestDelegate _library;
    private readonly ConcurrentDictionary<(bool Https, string Host, string? ContentType), Headers> _byKind = new();
    private readonly Func<object, Task> _apply;

    /// <summary>Headers as <paramref name="library"/> (the library's middleware, ending the pipeline) sets them for a public path.</summary>
    public PublicSecurityHeaders(RequestDelegate library)
    {
        _library = library;
        _apply = state => ApplyAsync((HttpContext)state);
    }

    /// <summary>Sets the headers when the response starts (when its content type is known).</summary>
    public void OnStarting(HttpContext context) => context.Response.OnStarting(_apply, context);

    /// <summary>Sets the headers on the response now.</summary>
    public async Task ApplyAsync(HttpContext context)
    {
        var response = context.Response;
        var kind = (context.Request.IsHttps, context.Request.Host.Value ?? "", response.ContentType);
        if (!_byKind.TryGetValue(kind, out var headers))
        {
            headers = await ProbeAsync(context, kind.ContentType);
            if (_byKind.Count < MaxKinds)
            {
                _byKind.TryAdd(kind, headers);
            }
        }

        var target = response.Headers;
        foreach (var (name, value) in headers.Set)
        {
            target[name] = value;
        }

        if (headers.RemovesServer)
        {
            target.Remove(HeaderNames.Server);
        }
    }

    // Runs the library on a request like this one and reads back the headers it added (and whether it removed Server).
    private async Task<Headers> ProbeAsync(HttpContext like, string? contentType)
    {
        var feature = new StartingFeature();
        var probe = new DefaultHttpContext { RequestServices = like.RequestServices };
        probe.Features.Set<IHttpResponseFeature>(feature);
        probe.Request.Method = HttpMethods.Get;
        probe.Request.Scheme = like.Request.Scheme;
        probe.Request.Host = like.Request.Host;
        probe.Request.Path = like.Request.Path;
        probe.Response.Headers[HeaderNames.Server] = Marker;
        if (contentType is not null)
        {
            probe.Response.ContentType = contentType;
        }

        await _library(probe);
        await feature.StartAsync();
        var set = probe.Response.Headers
            .Where(h => !h.Key.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase) && !(h.Key.Equals(HeaderNames.Server, StringComparison.OrdinalIgnoreCase) && h.Value == Marker))
            .Select(h => (h.Key, h.Value))
            .ToArray();
        return new Headers(set, !probe.Response.Headers.ContainsKey(HeaderNames.Server));
    }

    private sealed record Headers((string Name, StringValues Value)[] Set, bool RemovesServer);

    // The default response feature drops start-up callbacks; the stand-in keeps them so the library's can run.
    private sealed class StartingFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            // Registered last runs first, as in the server.
            for (var i = _starting.Count - 1; i >= 0; i--)
            {
                await _starting[i].Callback(_starting[i].State);
            }
        }
    }
}
