using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>
/// ONNX Runtime as the second oracle: the same file on the same input, graph optimisations off and
/// one thread (as the tests' oracle runs it), outputs widened to float. Where torch's reference is
/// missed, this says whether another float32 engine misses it the same way.
/// </summary>
internal static class OrtRun
{
    public static float[][] Outputs(string file, string inputName, CamSharp.Tensors.Tensor input)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        using var session = new InferenceSession(file, options); // external data is read from beside the file
        var x = new DenseTensor<float>(input.Floats.ToArray(), input.Shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, x)]);
        return results.Select(Widen).ToArray();
    }

    private static float[] Widen(DisposableNamedOnnxValue v) => v.Value switch
    {
        Tensor<float> f => f.ToArray(),
        Tensor<long> l => l.ToArray().Select(x => (float)x).ToArray(),
        Tensor<int> i => i.ToArray().Select(x => (float)x).ToArray(),
        Tensor<Float16> h => h.ToArray().Select(x => (float)x).ToArray(),
        var other => throw new NotSupportedException($"ONNX Runtime output '{v.Name}' is {other?.GetType().Name}"),
    };
}
