using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Oracle;
using Xunit;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>
/// ONNX Runtime runs the torchvision stand-ins beside the engine: every output, including the
/// data-dependent rows after TopK, NonMaxSuppression and RoiAlign, in the same order, and the
/// RPN's TopK indices and the RoIAlign features of Faster R-CNN on the way there; Mask R-CNN's
/// masks and Keypoint R-CNN's keypoints, which the export makes in a Loop.
/// </summary>
public sealed class TorchvisionOracleTests
{
    [Theory]
    [InlineData(TorchvisionStandIns.Ssd)]
    [InlineData(TorchvisionStandIns.FasterRcnn)]
    [InlineData(TorchvisionStandIns.MaskRcnn)]
    [InlineData(TorchvisionStandIns.KeypointRcnn)]
    public void Run_StandIn_MatchesOnnxRuntimeRowForRow(string stem)
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TorchvisionStandIns.Path(stem)));
        var extra = proto.Graph.Node.Where(n => n.OpType is "TopK" or "RoiAlign").SelectMany(n => n.Output).ToList();
        using var image = TorchvisionStandIns.Image();
        var feed = OracleFeed.FromFloats(proto.Graph.Input[0].Name, OnnxElementType.Float, [3, 64, 64], image.Floats.ToArray());
        var reference = OrtOracle.Run(proto, [feed], extra, null);

        var model = TorchvisionStandIns.Load(stem);
        var names = proto.Graph.Output.Select(o => o.Name).Concat(extra).ToList();
        using var pass = model.Session.Run(new Dictionary<string, CamSharp.Tensors.Tensor> { [model.Session.InputName] = image }, new CamSharp.Engine.RunOptions { Taps = extra });
        Assert.Equal(names.Count, reference.Count);
        for (int i = 0; i < names.Count; i++)
            OracleComparison.Compare(stem, reference[i], i < proto.Graph.Output.Count ? pass.Outputs[i] : pass.Value(names[i]), 1e-5);
    }
}
