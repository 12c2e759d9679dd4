using System.Collections.Concurrent;
using CamSharp.Onnx;

namespace CamSharp.Tests.Onnx;

/// <summary>
/// The real models, each loaded once per test run, and the operator predicate the tests use
/// in place of the registry (which other work fills): exactly the ops of the float models.
/// </summary>
public static class TestModels
{
    /// <summary>Every op type that the float32 fixture and asset models use.</summary>
    public static readonly HashSet<string> FloatOps = new(StringComparer.Ordinal)
    {
        "Add", "AveragePool", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "Div", "Dropout",
        "Equal", "Erf", "Expand", "Flatten", "Gather", "Gemm", "GlobalAveragePool", "LayerNormalization",
        "MatMul", "MaxPool", "Mul", "Pad", "Pow", "ReduceMean", "Relu", "Reshape", "Resize", "Shape",
        "Sigmoid", "Slice", "Softmax", "Split", "Sqrt", "Sub", "Transpose", "Unsqueeze", "Where",
    };

    public static readonly OnnxLoadOptions FloatOptions = new() { IsSupported = FloatOps.Contains };

    public static readonly OnnxLoadOptions AcceptAll = new() { IsSupported = _ => true };

    private static readonly ConcurrentDictionary<string, Lazy<OnnxModel>> Cache = new();

    /// <summary>A model under shared/fixtures/models or shared/assets/models, by file name.</summary>
    public static string PathOf(string fileName)
    {
        string fixture = Path.Combine(Fixtures.Shared, "fixtures", "models", fileName);
        return File.Exists(fixture) ? Fixtures.File($"models/{fileName}") : Fixtures.Asset($"models/{fileName}");
    }

    /// <summary>The model loaded with <see cref="FloatOptions"/>, shared between tests.</summary>
    public static OnnxModel Get(string fileName) =>
        Cache.GetOrAdd(fileName, f => new Lazy<OnnxModel>(() => OnnxModel.Load(PathOf(f), FloatOptions))).Value;

    /// <summary>Every .onnx file of both model folders, except the int8 one that the engine cannot run.</summary>
    public static IEnumerable<string> FloatModelFiles() =>
        Directory.GetFiles(Path.Combine(Fixtures.Shared, "fixtures", "models"), "*.onnx")
            .Concat(Directory.GetFiles(Path.Combine(Fixtures.Shared, "assets", "models"), "*.onnx"))
            .Select(Path.GetFileName).OfType<string>()
            .Where(f => f != "yolov8n_int8_dynamic.onnx")
            .Order(StringComparer.Ordinal);
}
