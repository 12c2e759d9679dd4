using Xunit;
using System.Text.Json;
using CamSharp.Tensors;
using CamSharp.Tests.Models;

namespace CamSharp.Tests.Explain.Attribution;

/// <summary>
/// The Captum and Zennit references under Explain/References (made by
/// tools/attribution_reference/): each case is a model, a centre crop of a fixture input
/// tensor and a target class.
/// </summary>
public static class AttributionReferences
{
    public static string Path(string name) =>
        System.IO.Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "References", name);

    public static Tensor Npy(string name) => CamSharp.Tensors.Npy.ReadTensor(Path(name + ".npy.gz"));

    public static JsonElement Index(string json) => JsonDocument.Parse(File.ReadAllText(Path(json))).RootElement;

    public static JsonElement Case(string json, string model) =>
        Index(json).GetProperty("cases").EnumerateArray().First(c => c.GetProperty("model").GetString() == model);

    /// <summary>The case's input: the centre crop of its fixture tensor.</summary>
    public static Tensor Input(JsonElement c)
    {
        var full = Fixtures.Npy($"outputs/tensors/{c.GetProperty("tensor").GetString()}.npy");
        int size = c.GetProperty("crop").GetInt32();
        int top = c.GetProperty("corner")[0].GetInt32(), left = c.GetProperty("corner")[1].GetInt32();
        int ch = full.Shape[1], h = full.Shape[2], w = full.Shape[3];
        var crop = Tensor.Zeros(1, ch, size, size);
        for (int k = 0; k < ch; k++)
            for (int y = 0; y < size; y++)
                full.Floats.Slice((k * h + top + y) * w + left, size).CopyTo(crop.Floats.Slice((k * size + y) * size, size));
        return crop;
    }

    public static Model Model(JsonElement c) => TestModels.Fixture(c.GetProperty("model").GetString()!);

    public static int Target(JsonElement c) => c.GetProperty("target").GetInt32();

    /// <summary>max |ours − ref| ≤ tolerance × max |ref|, with the worst element in the message; returns max |ours − ref| / max |ref|.</summary>
    public static double AssertRelative(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++) scale = System.Math.Max(scale, System.Math.Abs(expected[i]));
        for (int i = 0; i < expected.Length; i++)
        {
            double d = System.Math.Abs(expected[i] - actual[i]);
            if (d > worst) (worst, at) = (d, i);
        }
        Assert.True(scale > 0, $"{what}: the reference is all zeros");
        Assert.True(worst <= tolerance * scale,
            $"{what}: max |diff| {worst:E3} at {at} (ref {expected[at]}, ours {actual[at]}) exceeds {tolerance} × max |ref| {scale:E3}");
        return worst / scale;
    }
}
