using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

public class GridSampleTests
{
    // X = Sine([1, 2, 4, 5]), grid = Sine([1, 3, 2, 2], 0.3, 1.3) (some points outside [-1, 1]);
    // expectations from torch.nn.functional.grid_sample (tools/reference_data/geometry_ops_reference.py).
    public static TheoryData<string, string, bool, float[]> TorchResults => new()
    {
        { "bilinear", "zeros", false, new float[]
        {
            0.002447404f, 0f, 0.880922f, 0f, 0.3357569f, 0f, 0.3067932f, 0f, 0.1914018f, 0f, 0.2565548f, 0f,
        } },
        { "bilinear", "zeros", true, new float[]
        {
            -0.1008239f, 0.2024577f, 0.3840368f, 0f, 0.7744225f, 0.3014711f, 0.7947307f, 0.2101454f,
            0.1951806f, 0.3529677f, 0.2482402f, 0.372501f,
        } },
        { "bilinear", "border", false, new float[]
        {
            0.00783983f, 0.6695698f, 0.9689305f, 0f, 0.3357569f, 0.6695698f, 0.982758f, 0.8273279f, 0.2105238f,
            0.9906074f, 0.2565548f, 0.8273279f,
        } },
        { "bilinear", "border", true, new float[]
        {
            -0.1173556f, 0.4801313f, 0.3840368f, 0f, 0.7744225f, 0.6695698f, 0.9250393f, 0.498363f, 0.1951806f,
            0.9906074f, 0.2482402f, 0.8273279f,
        } },
        { "bilinear", "reflection", false, new float[]
        {
            0.00783983f, 0.5278103f, 0.9689305f, 0.114009f, 0.3357569f, 0.5946309f, 0.982758f, 0.8646246f,
            0.2105238f, 0.964971f, 0.2565548f, 0.6971945f,
        } },
        { "bilinear", "reflection", true, new float[]
        {
            -0.03839877f, 0.2520906f, 0.3840368f, 0.1302277f, 0.7744225f, 0.2103456f, 0.6848659f, 0.5855354f,
            0.1951806f, 0.536405f, 0.2482402f, 0.08216134f,
        } },
        { "nearest", "zeros", false, new float[]
        {
            0f, 0f, 0.9854497f, 0f, 0.9881682f, 0f, 0f, 0f, 0.3031183f, 0f, 0.2870527f, 0f,
        } },
        { "nearest", "zeros", true, new float[]
        {
            0.03362305f, 0f, 0.9854497f, 0f, 0.9881682f, 0.6695698f, 0.9946448f, 0f, 0.3031183f, 0f,
            0.2870527f, 0.8273279f,
        } },
        { "nearest", "border", false, new float[]
        {
            0.03362305f, 0.6695698f, 0.9854497f, 0f, 0.9881682f, 0.6695698f, 0.9946448f, 0.8273279f,
            0.3031183f, 0.9906074f, 0.2870527f, 0.8273279f,
        } },
        { "nearest", "border", true, new float[]
        {
            0.03362305f, 0.6695698f, 0.9854497f, 0f, 0.9881682f, 0.6695698f, 0.9946448f, 0.8273279f,
            0.3031183f, 0.9906074f, 0.2870527f, 0.8273279f,
        } },
        { "nearest", "reflection", false, new float[]
        {
            0.03362305f, 0.6695698f, 0.9854497f, 0f, 0.9881682f, 0.6695698f, 0.9946448f, 0.8273279f,
            0.3031183f, 0.9906074f, 0.2870527f, 0.8273279f,
        } },
        { "nearest", "reflection", true, new float[]
        {
            0.03362305f, 0.03362305f, 0.9854497f, 0.6442177f, 0.9881682f, 0.6695698f, 0.9946448f, 0.9946448f,
            0.3031183f, 0.8457468f, 0.2870527f, 0.8273279f,
        } },
        { "bicubic", "zeros", false, new float[]
        {
            -0.01899057f, -0.06296798f, 1.039949f, -0.0007769788f, 0.524023f, -0.007583719f, 0.3832575f,
            -0.08337364f, 0.1771589f, -0.02029673f, 0.4348821f, -0.00794969f,
        } },
        { "bicubic", "zeros", true, new float[]
        {
            -0.1881609f, 0.2652292f, 0.4624564f, -0.0380515f, 0.930816f, 0.4536771f, 0.9916784f, 0.2240016f,
            0.2467873f, 0.4640643f, 0.3018438f, 0.5325803f,
        } },
        { "bicubic", "border", false, new float[]
        {
            -0.02143821f, 0.7797072f, 1.114155f, 0.008641987f, 0.5659439f, 0.6898773f, 1.084643f, 1.018584f,
            0.1912055f, 1.039048f, 0.4247122f, 0.8219854f,
        } },
        { "bicubic", "border", true, new float[]
        {
            -0.2067287f, 0.527543f, 0.3518088f, -0.02962431f, 0.9383489f, 0.8545485f, 1.107094f, 0.4883341f,
            0.223463f, 1.205854f, 0.30112f, 0.9985819f,
        } },
        { "bicubic", "reflection", false, new float[]
        {
            -0.06105653f, 0.6773666f, 1.125195f, 0.1554572f, 0.5659439f, 0.6830982f, 1.291691f, 1.132329f,
            0.1913275f, 1.210682f, 0.4247122f, 0.6937473f,
        } },
        { "bicubic", "reflection", true, new float[]
        {
            -0.1127572f, 0.3849885f, 0.5689749f, 0.1398111f, 0.9231408f, 0.307656f, 0.8785729f, 0.7754964f,
            0.2305775f, 0.7535854f, 0.299819f, 0.1182913f,
        } },
    };

    [Theory]
    [MemberData(nameof(TorchResults))]
    public void GridSample_EveryModeAndPadding_MatchesTorch(string mode, string padding, bool alignCorners, float[] expected)
    {
        var y = Run("GridSample", [Sine([1, 2, 4, 5]), Sine([1, 3, 2, 2], 0.3, 1.3)],
            Attrs(("mode", mode), ("padding_mode", padding), ("align_corners", alignCorners ? 1 : 0)), opset: 16);
        Assert.Equal([1, 2, 3, 2], y.Shape);
        OpTester.AssertClose(y.Floats, expected, 1e-5);
    }

    [Theory]
    [InlineData("zeros", false)]
    [InlineData("border", true)]
    [InlineData("reflection", false)]
    [InlineData("reflection", true)]
    public void GridSample_BilinearGradient_MatchesFiniteDifferences(string padding, bool alignCorners)
    {
        // Grid points kept off pixel centres and borders, where bilinear sampling has kinks.
        var grid = Sine([1, 2, 3, 2], 0.45, 1.15);
        Gradient("GridSample", [Sine([1, 2, 3, 4], 0.2), grid], Attrs(("padding_mode", padding), ("align_corners", alignCorners ? 1 : 0)), wrt: [0, 1]);
    }

    [Fact]
    public void GridSample_NearestAndBicubic_GradientToX()
    {
        foreach (var mode in new[] { "nearest", "bicubic" })
            Gradient("GridSample", [Sine([1, 1, 3, 4]), Sine([1, 2, 2, 2], 0.45, 0.9)], Attrs(("mode", mode)), wrt: [0]);
    }

    [Fact]
    public void GridSample_GridWithoutTwoCoordinates_Throws() =>
        Fails("GridSample", () => Run("GridSample", [Seq(1, 1, 2, 2), Seq(1, 2, 2, 3)]), "[N, H_out, W_out, 2]");

    [Fact]
    public void GridSample_UnknownMode_Throws() =>
        Assert.Contains("mode 'area'", Assert.Throws<CamSharp.Engine.ModelException>(() => OpTester.Create("GridSample", 2, attrs: Attrs(("mode", "area")))).Message);
}
