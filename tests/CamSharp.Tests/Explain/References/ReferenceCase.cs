using System.Text.Json;
using CamSharp.Explain;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.References;

/// <summary>
/// One case of a method-reference index (<see cref="MethodReferences"/>) with what every parity
/// test loads first: the fixture model, the run's input tensor, the class and the layer(s), and
/// the check of our map against the reference map.
/// </summary>
public sealed class ReferenceCase
{
    private ReferenceCase(string index, int number, JsonElement json)
    {
        Index = index;
        Number = number;
        Json = json;
        Model = TestModels.Fixture(Text("model"));
        Input = MethodReferences.RunInput(Text("run"));
    }

    /// <summary>Case <paramref name="number"/> of index <paramref name="index"/> (e.g. "rise").</summary>
    public static ReferenceCase Load(string index, int number) => new(index, number, MethodReferences.Cases(index)[number]);

    public string Index { get; }

    public int Number { get; }

    /// <summary>The case as the reference script wrote it (method parameters: masks, seed, samples, …).</summary>
    public JsonElement Json { get; }

    public Model Model { get; }

    public Tensor Input { get; }

    public int Class => Int("class");

    /// <summary>The layer value, for single-layer cases.</summary>
    public string Layer => Text("layer");

    public string Text(string name) => Json.GetProperty(name).GetString()!;

    public int Int(string name) => Json.GetProperty(name).GetInt32();

    public double Real(string name) => Json.GetProperty(name).GetDouble();

    /// <summary>Asserts <paramref name="ours"/> is within <paramref name="tolerance"/> of the reference map everywhere.</summary>
    public void AssertMatches(float[] ours, double tolerance = 1e-3)
    {
        var reference = MethodReferences.Map(Text("map")).Floats.ToArray();
        double diff = Assertions.MaxAbsDiff(ours, reference);
        Assert.True(diff <= tolerance, $"{Index} case {Number}: max |diff| {diff:G4}");
    }

    /// <summary>A layer-resolution raw map as the references scale it: ReLU, then min–max to [0, 1].</summary>
    public static float[] Scaled(float[] raw)
    {
        var map = (float[])raw.Clone();
        MapMath.Relu(map);
        MapMath.MinMax(map);
        return map;
    }
}
