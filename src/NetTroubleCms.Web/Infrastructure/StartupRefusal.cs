using System.Reflection;
using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// The app refuses to start on purpose: a setting is missing or wrong, or the data folder held a site whose database
/// is gone. <see cref="Key"/> names the setting the operator has to look at.
/// </summary>
public class StartupRefusedException(string key, string message) : Exception(message)
{
    /// <summary>The configuration key to fix (e.g. <c>Cms:PublicBaseUrl</c>).</summary>
    public string Key { get; } = key;
}

/// <summary>
/// Program turns a refused start into one line on stderr and exit code <see cref="ExitCode"/>, instead of an unhandled
/// exception (stack trace, SIGABRT, exit 134) that buries the reason and reads like a crash to a process supervisor.
/// Anything that is not a refusal still propagates as a crash: that is a bug and its stack trace is wanted.
/// </summary>
public static class StartupRefusal
{
    /// <summary>EX_CONFIG of sysexits.h: the configuration (or the data it points to) stops the start.</summary>
    public const int ExitCode = 78;

    /// <summary>The one line to print when <paramref name="exception"/> (or one it wraps) is a refusal; null otherwise.</summary>
    public static string? Describe(Exception exception)
    {
        foreach (var ex in Flatten(exception))
        {
            switch (ex)
            {
                case StartupRefusedException refused:
                    return Line(refused.Key, refused.Message);
                case OptionsValidationException invalid:
                    var section = invalid.OptionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string ?? invalid.OptionsType.Name;
                    return Line(section, $"設定 {section} の値が正しくありません / invalid settings: {string.Join(" ", invalid.Failures)}");
            }
        }

        return null;
    }

    /// <summary>
    /// True when this app is the process (dotnet NetTroubleCms.Web.dll). Under a test host the exception must reach
    /// the host instead, which reports it; an exit code would mean nothing there.
    /// </summary>
    public static bool IsProcessEntryPoint => Assembly.GetEntryAssembly() == typeof(StartupRefusal).Assembly;

    private static string Line(string key, string message) =>
        $"起動を中止しました / start-up refused [{key}]: {string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}";

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        // The host and the container wrap what a constructor or a start-up check threw.
        var queue = new Queue<Exception>([exception]);
        while (queue.TryDequeue(out var ex))
        {
            yield return ex;
            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    queue.Enqueue(inner);
                }
            }
            else if (ex.InnerException is { } inner)
            {
                queue.Enqueue(inner);
            }
        }
    }
}
