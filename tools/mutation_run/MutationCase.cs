using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.MutationRun;

/// <summary>How one mutated file fared.</summary>
public enum Outcome { Ran, Refused, Crashed }

/// <summary>The outcome, and for a refusal or crash the exception's type and message.</summary>
public sealed record CaseResult(Outcome Outcome, string? ErrorType = null, string? Message = null);

/// <summary>
/// Loads and runs one mutated file the way the CLI would: a model is loaded and run forward on
/// a fixed input, an image decoded and preprocessed, a .npy read into a tensor. The limits are
/// the per-case guard: a mutation that asks for huge memory meets a typed refusal instead.
/// </summary>
public static class MutationCase
{
    /// <summary>Small caps so thousands of cases run in seconds on two cores.</summary>
    public static readonly ResourceLimits Limits = new()
    {
        MemoryBytes = 64L << 20,
        MaxInitializerBytes = 64L << 20,
        MaxPixels = 4_000_000,
    };

    public static CaseResult Run(Sample sample, byte[] bytes)
    {
        try
        {
            switch (sample.Kind)
            {
                case SampleKind.Model: RunModel(sample, bytes); break;
                case SampleKind.Image: RunImage(sample, bytes); break;
                default: Npy.Read(new MemoryStream(bytes), bytes.Length).ToTensor().Dispose(); break;
            }
            return new CaseResult(Outcome.Ran);
        }
        catch (Exception e) when (ExpectedErrors.IsExpected(e))
        {
            return new CaseResult(Outcome.Refused, e.GetType().Name, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not StackOverflowException)
        {
            return new CaseResult(Outcome.Crashed, e.GetType().Name, e.ToString());
        }
    }

    private static void RunModel(Sample sample, byte[] bytes)
    {
        var model = Model.Load(bytes, sample.Name, new OnnxLoadOptions { Limits = Limits });
        var shape = sample.InputShape!;
        var data = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (i % 17) / 8f - 1f;
        using var pass = model.Session.Run(Tensor.FromFloats(data, shape));
        foreach (var output in pass.Outputs) _ = output.Length;
    }

    private static void RunImage(Sample sample, byte[] bytes)
    {
        var image = ImageDecoder.Decode(bytes, sample.Name, Limits.MaxPixels);
        using var prepared = Preprocessor.Prepare(image, 24, 24, PreprocessOptions.ImageNet).Tensor;
    }
}
