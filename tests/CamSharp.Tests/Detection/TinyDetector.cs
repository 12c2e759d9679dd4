using CamSharp.Detection;
using CamSharp.Engine;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;

namespace CamSharp.Tests.Detection;

/// <summary>The fixture digit detector (tinyyolo) with its preprocessing: x/255, then (x − 0.5)/0.5, at the image's own size.</summary>
internal static class TinyDetector
{
    public static Model Model => TestModels.Fixture("tinyyolo");

    public static PreprocessOptions Options { get; } = PreprocessOptions.Raw with { Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };

    /// <summary>The CLI flags giving the same preprocessing.</summary>
    public static string[] CliOptions { get; } = ["--preprocess", "raw", "--mean", "0.5", "0.5", "0.5", "--std", "0.5", "0.5", "0.5"];

    public static PreparedInput Prepare(RgbImage image) => Preprocessor.Prepare(image, image.Height, image.Width, Options);

    /// <summary>The head and the kept boxes (score = objectness above <paramref name="scoreThreshold"/>).</summary>
    public static (DetectionHead Head, List<CamSharp.Detection.Detection> Found) Detect(PreparedInput prepared, float scoreThreshold = 0.3f)
    {
        var head = DetectionHeads.Recognise(Model, prepared.Tensor.Shape[2], prepared.Tensor.Shape[3]);
        return (head, Detector.Detect(head, Model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions(scoreThreshold)));
    }
}
