namespace CamSharp.Tests.Conformance;

/// <summary>
/// One test of ONNX's backend test data: a model and its data sets. <see cref="Name"/> is the
/// path under <c>shared/conformance</c> without the <c>onnx-models/</c> prefix
/// ("onnx-node/test_abs", "simple/test_shrink", "light/light_resnet50").
/// </summary>
public sealed record ConformanceCase(string Name, string ModelPath, IReadOnlyList<ConformanceDataSet> DataSets)
{
    /// <summary>The folder the status file counts it under ("onnx-node", "light", ...).</summary>
    public string Folder => Name[..Name.IndexOf('/')];

    /// <summary>The light models: inputs are not stored; ONNX's runner feeds np.arange(n).reshape(shape) / n.</summary>
    public bool GeneratesInputs => DataSets.Count == 1 && DataSets[0].Inputs.Count == 0;

    /// <summary>Every test under the conformance root, sorted by name.</summary>
    public static IReadOnlyList<ConformanceCase> Discover(string root)
    {
        var cases = new List<ConformanceCase>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(root, "onnx-node")))
            cases.Add(FromFolder("onnx-node/" + Path.GetFileName(dir), dir));
        foreach (var group in Directory.GetDirectories(Path.Combine(root, "onnx-models")))
        {
            string folder = Path.GetFileName(group);
            if (folder == "light")
            {
                foreach (var model in Directory.GetFiles(group, "*.onnx"))
                {
                    string stem = Path.GetFileNameWithoutExtension(model);
                    var expected = Path.Combine(group, stem + "_output_0.pb");
                    cases.Add(new ConformanceCase($"light/{stem}", model, [new ConformanceDataSet([], [expected])]));
                }
                continue;
            }
            foreach (var dir in Directory.GetDirectories(group))
                cases.Add(FromFolder($"{folder}/{Path.GetFileName(dir)}", dir));
        }
        return cases.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    private static ConformanceCase FromFolder(string name, string dir)
    {
        var sets = Directory.GetDirectories(dir, "test_data_set_*").OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new ConformanceDataSet(Numbered(d, "input_"), Numbered(d, "output_"))).ToList();
        return new ConformanceCase(name, Path.Combine(dir, "model.onnx"), sets);
    }

    /// <summary>input_0.pb, input_1.pb, ... in numeric order.</summary>
    private static List<string> Numbered(string dir, string prefix) =>
        Directory.GetFiles(dir, prefix + "*.pb")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[prefix.Length..]))
            .ToList();
}

/// <summary>One data set: input and expected output files in graph order.</summary>
public sealed record ConformanceDataSet(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
