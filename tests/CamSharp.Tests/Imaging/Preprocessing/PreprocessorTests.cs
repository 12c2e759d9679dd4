using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Application;
using Xunit;

namespace CamSharp.Tests.Imaging.Preprocessing;

public sealed class PreprocessorTests
{
    [Fact]
    public void Prepare_CentreCrop_NetworkImageIsTheCropAndTheTensorIsIt()
    {
        var frame = TinyClipModel.Frame(1, width: 20, height: 14);
        var prepared = Preprocessor.Prepare(frame, 8, 8, PreprocessOptions.Kinetics);
        var (crop, info) = CentreCrop.Apply(frame, 8, 8, [9]); // short side 8 ÷ 0.875 = 9.14 → 9
        Assert.Equal(crop.Pixels, prepared.NetworkImage.Pixels);
        Assert.Equal(info, prepared.Geometry.Crop);
        Assert.Null(prepared.Geometry.Letterbox);
        Assert.Equal(Preprocessor.ToTensor(crop, PreprocessOptions.Kinetics).Floats.ToArray(), prepared.Tensor.Floats.ToArray());
    }

    [Fact]
    public void Prepare_Resize_HasNoCrop()
    {
        var prepared = Preprocessor.Prepare(TinyClipModel.Frame(0), 8, 8, PreprocessOptions.ImageNet);
        Assert.Null(prepared.Geometry.Crop);
        Assert.Equal((8, 8), (prepared.NetworkImage.Width, prepared.NetworkImage.Height));
    }

    [Fact]
    public void Prepare_ExplicitResizeSize_IsUsed()
    {
        var options = PreprocessOptions.Kinetics with { ResizeSize = [10, 16] };
        var prepared = Preprocessor.Prepare(TinyClipModel.Frame(0), 8, 8, options);
        Assert.Equal((16, 10, 4, 1), (prepared.Geometry.Crop!.ResizedWidth, prepared.Geometry.Crop.ResizedHeight, prepared.Geometry.Crop.Left, prepared.Geometry.Crop.Top));
    }
}
