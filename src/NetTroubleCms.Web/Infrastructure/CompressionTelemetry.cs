using System.Diagnostics.Metrics;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// Counts and times the encodings of cached bodies (meter <c>NetTroubleCms.Compression</c>), so that "compressed once
/// per snapshot" can be watched in production (dotnet-counters) and checked by tests; bodies of a megabyte or more are
/// also logged, because their encoding is the one a publication waits on.
/// </summary>
public sealed class CompressionTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "NetTroubleCms.Compression";

    /// <summary>Counter of bodies encoded, tagged <c>coding</c> (br or gzip).</summary>
    public const string EncodingsName = "ntcms.compression.cached_encodings";

    private readonly Counter<long> _encodings;
    private readonly Histogram<double> _duration;
    private readonly ILogger<CompressionTelemetry> _logger;

    /// <summary>Creates the instruments on the app's meter factory.</summary>
    public CompressionTelemetry(IMeterFactory meters, ILogger<CompressionTelemetry> logger)
    {
        var meter = meters.Create(MeterName);
        _encodings = meter.CreateCounter<long>(EncodingsName, "{body}", "Cached bodies encoded (each once per snapshot and coding).");
        _duration = meter.CreateHistogram<double>("ntcms.compression.cached_encoding.duration", "s", "Time to encode one cached body.");
        _logger = logger;
    }

    /// <summary>Records one encoding of <paramref name="length"/> bytes into <paramref name="encoded"/> bytes.</summary>
    public void Encoded(ContentCoding coding, long length, long encoded, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("coding", Compression.Name(coding));
        _encodings.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
        if (length >= 1024 * 1024)
        {
            _logger.LogInformation(
                "Encoded a cached body of {Length} bytes as {Coding}: {Encoded} bytes in {Milliseconds:F0} ms",
                length, Compression.Name(coding), encoded, elapsed.TotalMilliseconds);
        }
    }
}
