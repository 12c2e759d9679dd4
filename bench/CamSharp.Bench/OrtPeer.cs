using CamSharp.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace CamSharp.Bench;

/// <summary>
/// ONNX Runtime running one model in this process, set up as issue 20's protocol says: all
/// graph optimisations, as many intra-op threads as the machine has cores, sequential execution.
/// A model whose input declares a fixed batch of 1 is given a symbolic batch first, so ONNX
/// Runtime accepts the same batch-8 input as ours.
/// </summary>
internal sealed class OrtPeer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();

    public OrtPeer(string modelPath, string? profilePrefix = null)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // Diagnosis only (CAMSHARP_BENCH_ORT_SPIN=0): ONNX Runtime's workers otherwise keep spinning for a while after
        // its last run, on a core our next round wants; the protocol keeps its default (spinning on).
        if (Environment.GetEnvironmentVariable("CAMSHARP_BENCH_ORT_SPIN") == "0")
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (profilePrefix is not null)
        {
            options.EnableProfiling = true;
            options.ProfileOutputPathPrefix = profilePrefix;
        }
        _session = new InferenceSession(WithSymbolicBatch(File.ReadAllBytes(modelPath)), options);
        _inputNames = [.. _session.InputNames.Take(1)];
        _outputNames = [.. _session.OutputNames];
    }

    /// <summary>One forward pass on an NCHW float input; outputs are released at once.</summary>
    public void Run(float[] data, long[] shape)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
    }

    /// <summary>Stops profiling and returns the JSON trace file ONNX Runtime wrote.</summary>
    public string EndProfiling() => _session.EndProfiling();

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>The model with its first input's leading dimension made symbolic ("batch").</summary>
    private static byte[] WithSymbolicBatch(byte[] bytes)
    {
        var model = ModelProto.Parser.ParseFrom(bytes);
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet();
        var input = model.Graph.Input.First(i => !initializers.Contains(i.Name));
        var dims = input.Type.TensorType.Shape.Dim;
        if (dims.Count == 0 || dims[0].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue) return bytes;
        dims[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        // Declared output and intermediate shapes say batch 1 too; ONNX Runtime infers them itself.
        model.Graph.ValueInfo.Clear();
        foreach (var output in model.Graph.Output)
            if (output.Type?.TensorType?.Shape?.Dim is { Count: > 0 } od && od[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
                od[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        return model.ToByteArray();
    }
}
