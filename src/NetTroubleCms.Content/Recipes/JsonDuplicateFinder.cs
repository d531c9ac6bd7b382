using System.Text;
using System.Text.Json;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Finds the first property name repeated inside one JSON object, with its JSON path and line, so a recipe with a
/// duplicate key is refused at a place the author can find (the parser itself only says that a key repeats).
/// </summary>
public static class JsonDuplicateFinder
{
    /// <summary>The first duplicate, or null when there is none (or the text is not readable JSON).</summary>
    public static (string Name, string Path, int Line)? Find(string json, int maxDepth)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = maxDepth });
        // One frame per open container: the names seen (objects only), the next array index, and the path to it.
        var frames = new Stack<(HashSet<string>? Names, int Index, string Path)>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var frame = frames.Peek();
                        if (!frame.Names!.Add(name))
                        {
                            return (name, Child(frame.Path, name), LineOf(bytes, (int)reader.TokenStartIndex));
                        }

                        pendingName = name;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = frames.Count == 0 ? "$" : NextPath(frames, ref pendingName);
                        frames.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, 0, path));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        if (frames.Count > 0)
                        {
                            NextPath(frames, ref pendingName);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Other syntax errors are reported by the parser itself.
        }

        return null;
    }

    private static string NextPath(Stack<(HashSet<string>? Names, int Index, string Path)> frames, ref string? pendingName)
    {
        var parent = frames.Pop();
        string path;
        if (parent.Names is null)
        {
            path = $"{parent.Path}[{parent.Index}]";
            parent.Index++;
        }
        else
        {
            path = Child(parent.Path, pendingName ?? "");
            pendingName = null;
        }

        frames.Push(parent);
        return path;
    }

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_') ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static int LineOf(byte[] bytes, int index) => 1 + bytes.AsSpan(0, Math.Min(index, bytes.Length)).Count((byte)'\n');
}
