// Memory of the published snapshot per agency, with and without frozen items, and with the guide's models for every
// language: the items of a recipe's Content steps are read as the snapshot reads rows, then measured after full
// collections. Usage (a sample from generate-sample.py):
//   python3 bench/generate-sample.py 10000 /tmp/sample.json && dotnet run -c Release bench/snapshot-memory.cs -- /tmp/sample.json
#:project ../src/NetTroubleCms.Web/NetTroubleCms.Web.csproj
#:property TargetFramework=net10.0
#:property JsonSerializerIsReflectionEnabledByDefault=true
using System.Diagnostics;
using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;

var recipe = JsonNode.Parse(File.ReadAllText(args[0]))!;
var rows = new List<string>();
foreach (var step in recipe["steps"]!.AsArray())
{
    if ((string?)step!["name"] == "Content")
    {
        rows.AddRange(step["data"]!.AsArray().Select(item => item!.ToJsonString()));
    }
}

recipe = null;
var agencies = Math.Max(1, rows.Count(r => r.Contains("\"ContentType\":\"Agency\"", StringComparison.Ordinal)));
Console.WriteLine($"{rows.Count} items, {agencies} agencies");
Measure(freeze: false);
Measure(freeze: true);

// One method per measurement, so nothing of the first is still held by a local when the second starts.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
void Measure(bool freeze)
{
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var items = rows.Select(ContentItem.Parse).ToList();
    var snapshot = new PublishedSnapshot(items, new ContentDefinitionDocument(), [], "bench" + freeze, DateTime.UtcNow, definitionsJson: "{}");
    if (freeze)
    {
        items.ForEach(i => i.Freeze());
    }

    var snapshotBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var culture in GuideReader.Cultures)
    {
        GuideReader.For(snapshot, culture);
    }

    var modelCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    var withModels = GC.GetTotalMemory(forceFullCollection: true) - before;
    Console.WriteLine($"{(freeze ? "frozen  " : "trees   ")} snapshot {snapshotBytes / agencies,6} B per agency; with the guide models of {GuideReader.Cultures.Count} languages "
        + $"{withModels / agencies,6} B per agency (models built in {modelCpu.TotalMilliseconds:0} ms CPU)");
    GC.KeepAlive(snapshot);
}
