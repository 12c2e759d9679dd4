using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A node's attributes, with typed getters that take the spec's default and name the
/// attribute in every error.
/// </summary>
public sealed class Attributes
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Sets a value: long, float, string, long[], float[], string[], <see cref="Tensor"/> or <see cref="Subgraph"/>.</summary>
    public Attributes Set(string name, object value)
    {
        _values[name] = value switch
        {
            int i => (long)i,
            int[] ia => ia.Select(x => (long)x).ToArray(),
            double d => (float)d,
            _ => value,
        };
        return this;
    }

    /// <summary>A copy without the named attributes (the version adapters drop retired ones).</summary>
    public Attributes Without(params string[] names)
    {
        var copy = new Attributes();
        foreach (var (name, value) in _values)
            if (Array.IndexOf(names, name) < 0) copy._values[name] = value;
        return copy;
    }

    public long GetInt(string name, long fallback) => TryGet<long>(name, out var v) ? v : fallback;

    public long GetInt(string name) => TryGet<long>(name, out var v) ? v : throw Missing(name);

    public float GetFloat(string name, float fallback) => TryGet<float>(name, out var v) ? v : fallback;

    public string GetString(string name, string fallback) => TryGet<string>(name, out var v) ? v : fallback;

    public long[]? GetInts(string name) => TryGet<long[]>(name, out var v) ? v : null;

    public float[]? GetFloats(string name) => TryGet<float[]>(name, out var v) ? v : null;

    public string[]? GetStrings(string name) => TryGet<string[]>(name, out var v) ? v : null;

    public Tensor? GetTensor(string name) => TryGet<Tensor>(name, out var v) ? v : null;

    public Subgraph? GetGraph(string name) => TryGet<Subgraph>(name, out var v) ? v : null;

    /// <summary>Every subgraph attribute (If's branches), in attribute order.</summary>
    public IEnumerable<Subgraph> Subgraphs => _values.Values.OfType<Subgraph>();

    private bool TryGet<T>(string name, out T value)
    {
        if (!_values.TryGetValue(name, out var o))
        {
            value = default!;
            return false;
        }
        if (o is T t)
        {
            value = t;
            return true;
        }
        // An int given where a float is expected (or the reverse) is harmless; anything else is an error.
        if (typeof(T) == typeof(float) && o is long l)
        {
            value = (T)(object)(float)l;
            return true;
        }
        throw new ModelException($"Attribute '{name}' is {Describe(o)}, expected {typeof(T).Name}.");
    }

    private static string Describe(object o) => o switch
    {
        long => "an int",
        float => "a float",
        string => "a string",
        long[] => "a list of ints",
        float[] => "a list of floats",
        string[] => "a list of strings",
        Tensor => "a tensor",
        Subgraph => "a graph",
        _ => o.GetType().Name,
    };

    private static ModelException Missing(string name) => new($"Required attribute '{name}' is missing.");
}
