using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Checks every published URL on a schedule (<see cref="LinkCheckOptions.IntervalHours"/>).</summary>
public sealed partial class LinkCheckService(
    LinkChecker checker,
    IOptions<LinkCheckOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<LinkCheckService> logger) : BackgroundService
{
    /// <summary>True when the schedule runs: configured on, or unset outside the Testing environment.</summary>
    public static bool IsEnabled(LinkCheckOptions options, IHostEnvironment environment) =>
        options.Enabled ?? !environment.IsEnvironment("Testing");

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!IsEnabled(o, environment))
        {
            Log.Disabled(logger);
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(o.StartDelaySeconds), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(o.IntervalHours), clock);
            do
            {
                try
                {
                    await checker.CheckPublishedAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RunFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scheduled link check is off (Cms:LinkCheck:Enabled).")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(2, LogLevel.Error, "Scheduled link check failed; retrying at the next interval.")]
        public static partial void RunFailed(ILogger logger, Exception exception);
    }
}
