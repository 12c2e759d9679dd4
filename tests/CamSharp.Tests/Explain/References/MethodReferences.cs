using System.Text.Json;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Explain.References;

/// <summary>
/// The reference maps of the methods whose references are made here by
/// <c>tools/reference_data/*_reference.py</c> (an index <c>name.json</c> beside its maps).
/// A missing file fails the test.
/// </summary>
public static class MethodReferences
{
    private static string Folder => Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "References");

    /// <summary>The cases of one index, as JSON objects.</summary>
    public static IReadOnlyList<JsonElement> Cases(string index) =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, index + ".json"))).RootElement.EnumerateArray()];

    /// <summary>A reference map (the file a case names).</summary>
    public static Tensor Map(string file) => Npy.ReadTensor(Path.Combine(Folder, file));

    /// <summary>The input tensor of a fixture run (outputs/index.json's <c>input_tensor</c>).</summary>
    public static Tensor RunInput(string run) =>
        Fixtures.Npy(Models.TestModels.OutputsIndex.GetProperty("runs").GetProperty(run).GetProperty("input_tensor").GetString()!);

    /// <summary>The ids of an index's cases for a theory: "model layer class".</summary>
    public static TheoryData<int> Indices(string index) => [.. Enumerable.Range(0, Cases(index).Count)];
}
