using System.CommandLine;
using NetTroubleCms.Web.Infrastructure.CommandLine;

namespace NetTroubleCms.Web.Features.Setup;

/// <summary>
/// <c>health [url]</c>: exits 0 when the URL answers with a success status, 1 otherwise. Containers have no curl,
/// so the image's HEALTHCHECK calls the app itself; it needs no database or configuration.
/// </summary>
public sealed class HealthProbe : ICliVerb
{
    /// <inheritdoc />
    public bool NeedsServices => false;

    /// <inheritdoc />
    public Command Create(CliHost host)
    {
        var url = new Argument<string>("url")
        {
            Description = "Address to probe.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080/health/live",
        };
        var command = new Command("health", "Probe a running site's health endpoint (0 healthy, 1 not). / 稼働中のサイトの死活確認。")
        {
            url,
        };
        command.SetAction((result, _) => RunAsync(result.GetValue(url)!, host.Error));
        return command;
    }

    private static async Task<int> RunAsync(string url, TextWriter error)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await error.WriteLineAsync($"health: {ex.Message}");
            return 1;
        }
    }
}
