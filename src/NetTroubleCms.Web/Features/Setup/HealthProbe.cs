namespace NetTroubleCms.Web.Features.Setup;

/// <summary>
/// <c>health [url]</c>: a container HEALTHCHECK without curl (the ASP.NET runtime image has none).
/// Exit 0 when the URL answers 2xx within 3 seconds, 1 otherwise.
/// </summary>
public static class HealthProbe
{
    /// <summary>True when the arguments ask for the probe.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "health";

    /// <summary>Probes the URL.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/health/live";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"health: {ex.Message}");
            return 1;
        }
    }
}
