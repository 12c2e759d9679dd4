using CamSharp.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CamSharp.Tests.Oracle;

/// <summary>A value as ONNX Runtime returned it, widened to float64 for comparison.</summary>
internal sealed record OrtResult(string Name, TensorElementType Type, long[] Shape, double[] Values)
{
    public bool IsFloat => Type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16;
}

/// <summary>
/// Runs a model in ONNX Runtime with graph optimisations off (fastestdet's Pad + AveragePool
/// fusion moves ORT 1.20 by up to 1.6: shared/fixtures/real/README.md) and one thread. Extra
/// intermediate values are made graph outputs of a copy of the model in memory.
/// </summary>
internal static class OrtOracle
{
    public static List<OrtResult> Run(ModelProto model, IReadOnlyList<OracleFeed> feeds, IReadOnlyList<string> extraOutputs, string? folder,
        GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_DISABLE_ALL)
    {
        var copy = model.Clone();
        foreach (var name in extraOutputs)
            copy.Graph.Output.Add(new ValueInfoProto { Name = name });
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = optimization,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // A model with external data must be read from its folder.
        using var session = folder is null ? new InferenceSession(copy.ToByteArray(), options) : SessionInFolder(copy, folder, options);
        var values = feeds.Select(f => f.ToOrt()).ToList();
        try
        {
            var names = copy.Graph.Output.Select(o => o.Name).ToList();
            using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
            using var outputs = session.Run(runOptions, feeds.Select(f => f.Name).ToList(), values, names);
            return outputs.Select((o, i) => Convert(names[i], o)).ToList();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    private static InferenceSession SessionInFolder(ModelProto model, string folder, SessionOptions options)
    {
        string path = Path.Combine(folder, $"oracle-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        try
        {
            return new InferenceSession(path, options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static OrtResult Convert(string name, OrtValue v)
    {
        var info = v.GetTensorTypeAndShape();
        double[] values = info.ElementDataType switch
        {
            TensorElementType.Float => v.GetTensorDataAsSpan<float>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.Double => v.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Float16 => v.GetTensorDataAsSpan<Float16>().ToArray().Select(x => (double)(float)x).ToArray(),
            TensorElementType.Int64 => v.GetTensorDataAsSpan<long>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.Int32 => v.GetTensorDataAsSpan<int>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.Int16 => v.GetTensorDataAsSpan<short>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.UInt16 => v.GetTensorDataAsSpan<ushort>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.Int8 => v.GetTensorDataAsSpan<sbyte>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.UInt8 => v.GetTensorDataAsSpan<byte>().ToArray().Select(x => (double)x).ToArray(),
            TensorElementType.Bool => v.GetTensorDataAsSpan<bool>().ToArray().Select(x => x ? 1.0 : 0.0).ToArray(),
            var t => throw new NotSupportedException($"output '{name}' has element type {t}, which the oracle does not compare"),
        };
        return new OrtResult(name, info.ElementDataType, info.Shape, values);
    }
}
