namespace CamSharp.Onnx;

/// <summary>
/// Reads the metadata that Ultralytics writes into its ONNX exports: <c>names</c>
/// (<c>{0: 'person', 1: 'bicycle', ...}</c>), <c>imgsz</c> (<c>[640, 640]</c>) and
/// <c>stride</c> (<c>32</c>). A value that does not parse gives null rather than an
/// error: metadata is a convenience, and flags can always override it.
/// </summary>
internal static class ExportMetadata
{
    private const int MaxClasses = 1_000_000;

    public static IReadOnlyList<string>? ClassNames(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("names", out var text)) return null;
        switch (PythonLiteral.Parse(text))
        {
            case List<object> list when list.All(x => x is string):
                return list.Cast<string>().ToList();
            case List<KeyValuePair<object, object>> dict when dict.Count > 0:
            {
                if (!dict.All(kv => kv.Key is long k && k >= 0 && k < MaxClasses && kv.Value is string)) return null;
                int count = (int)dict.Max(kv => (long)kv.Key) + 1;
                // Gaps in the ids are possible in custom datasets; keep the index meaningful.
                var names = Enumerable.Range(0, count).Select(i => $"class {i}").ToArray();
                foreach (var kv in dict) names[(long)kv.Key] = (string)kv.Value;
                return names;
            }
            default:
                return null;
        }
    }

    /// <summary>[height, width]; a single number means a square.</summary>
    public static int[]? ImageSize(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("imgsz", out var text)) return null;
        return PythonLiteral.Parse(text) switch
        {
            long n when IsSize(n) => [(int)n, (int)n],
            List<object> { Count: 1 } l when l[0] is long n && IsSize(n) => [(int)n, (int)n],
            List<object> { Count: 2 } l when l[0] is long h && l[1] is long w && IsSize(h) && IsSize(w) => [(int)h, (int)w],
            _ => null,
        };
    }

    /// <summary>The largest stride of the model.</summary>
    public static int? Stride(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("stride", out var text)) return null;
        return PythonLiteral.Parse(text) switch
        {
            long n when IsSize(n) => (int)n,
            List<object> { Count: > 0 } l when l.All(x => x is long n && IsSize(n)) => (int)l.Max(x => (long)x),
            _ => null,
        };
    }

    private static bool IsSize(long n) => n is > 0 and <= 1 << 20;
}
