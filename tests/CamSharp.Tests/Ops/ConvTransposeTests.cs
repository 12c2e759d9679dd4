using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

public class ConvTransposeTests
{
    private static readonly Tensor X = Sine([1, 4, 3, 4]);
    private static readonly Tensor W = Sine([4, 3, 3, 3], 1.0);
    private static readonly Tensor B = Sine([6], 2.0);

    private static CamSharp.Engine.Attributes Geometry() => Attrs(("strides", new long[] { 2, 1 }), ("pads", new long[] { 1, 0, 1, 0 }),
        ("output_padding", new long[] { 1, 0 }), ("dilations", new long[] { 1, 2 }), ("group", 2));

    // torch.nn.functional.conv_transpose2d(x, w, b, stride=(2, 1), padding=(1, 0), output_padding=(1, 0),
    // groups=2, dilation=(1, 2)) (tools/reference_data/geometry_ops_reference.py).
    private static readonly float[] Torch =
    [
        0.9017331f, 0.93326f, 0.3972052f, 0.351086f, -0.2985106f, 0.009119391f, 0.3076746f, 0.9336696f,
        -0.3922475f, -0.7653486f, -1.261203f, -0.6448004f, -0.2616904f, 0.2427531f, 0.5174331f, 0.6255491f,
        0.9318935f, 0.9001829f, 1.305202f, 1.479533f, 2.059595f, 2.027504f, 1.728106f, 1.208866f,
        1.782479f, 2.497953f, 3.009507f, 2.884163f, 2.131747f, 1.881142f, 1.286823f, 1.267568f, 0.8742808f,
        0.9025106f, 0.6753298f, 0.392931f, -0.05056727f, -0.2977238f, -0.03207898f, 0.3204054f, 0.6163514f,
        0.1681944f, -0.01896161f, 0.081846f, 0.7236766f, 0.973553f, 1.222813f, 1.079967f, 0.405448f,
        0.4351515f, -0.1059409f, -0.1431039f, -0.7910024f, -0.4760711f, -0.1766571f, 0.4510742f,
        -0.8717598f, -1.247559f, -1.730048f, -1.112872f, -0.7101684f, -0.2118142f, 0.05593517f, 0.1471648f,
        0.4608083f, 0.4345525f, 0.8453476f, 1.015337f, 1.590145f, 1.552868f, 1.249071f, 0.7285726f,
        1.297186f, 2.014944f, 2.517273f, 2.387909f, 1.619244f, 1.366944f, 0.7793818f, 0.7731082f,
        0.3863177f, 0.4060918f, 0.1730636f, -0.1101087f, -0.5454037f, -0.7900885f, -0.5170138f,
        -0.1638954f, 0.1380381f, -0.3061985f, -0.4870624f, -0.3817597f, 0.2623072f, 0.5145053f, 0.7561047f,
        0.6078175f, -0.2918342f, -0.2639626f, -0.8099397f, -0.838136f, -1.484153f, -1.16201f, -0.8618214f,
        -0.2325316f, -1.551908f, -1.9303f, -2.399287f, -1.781511f, -1.359328f, -0.8672044f, -0.6064612f,
        -0.5321436f, -0.2112898f, -0.2320834f, 0.1843718f, 0.3499708f, 0.9193618f, 0.8769093f, 0.5687995f,
        0.04719093f, 0.6106442f, 1.330483f, 1.823445f, 1.690096f, 0.9054008f, 0.6514765f, 0.07083762f,
        0.07754755f, -0.3026372f, -0.2913244f, -0.5301341f, -0.8139999f, -1.240968f, -1.483112f,
        -1.202685f, -0.8490325f, -0.5411969f, -0.9813874f, -1.155908f, -1.04614f, -0.400019f, -0.1455705f,
        0.08829996f, -0.06538633f, -0.7730398f, -0.8364853f, -0.3290225f, -0.7428923f, -0.307161f,
        -1.175367f, -1.209991f, -1.694173f, 0.7214947f, -0.05596983f, -0.03585345f, -1.470116f,
        -0.7023042f, -1.39174f, -0.6170398f, -0.7915137f, -0.8883603f, -0.8318856f, -1.434647f, -1.113734f,
        -1.688823f, -0.8896146f, -0.7488645f, -0.1376543f, -2.485076f, -2.034031f, -2.205625f, -0.8701982f,
        -1.271869f, -0.5663257f, -1.074005f, -0.937492f, -0.7314466f, -0.7744245f, -0.1460175f,
        -0.3368907f, 0.3111022f, -0.3267561f, -0.557367f, -1.224977f, -0.02385318f, -0.1410913f,
        -0.3333282f, -0.8960406f, -1.131793f, -1.207716f, -0.8938515f, -0.6086308f, -0.9371597f,
        -1.009596f, -0.5034057f, -0.9316153f, -0.4876872f, -1.362299f, -1.387712f, -1.87288f, 0.5428265f,
        -0.2313801f, -0.2264436f, -1.649867f, -0.8983141f, -1.563981f, -0.7879964f, -0.9465678f,
        -1.082212f, -1.019533f, -1.622864f, -1.287543f, -1.867878f, -1.061205f, -0.9274011f, -0.3151823f,
        -2.66063f, -2.212861f, -2.36746f, -1.040466f, -1.422538f, -0.7378641f, -1.249306f, -1.131417f,
        -0.8930185f, -0.9386965f, -0.3079434f, -0.5116272f, 0.1380538f, -0.5074654f, -0.7341978f,
        -1.402723f, -0.2113563f, -0.3265879f, -0.5291476f, -1.082529f, -1.328551f, -1.391293f, -1.076067f,
        -0.7806876f, -0.6327844f, -0.7141919f, -0.2094165f, -0.6518446f, -0.1998453f, -1.080617f,
        -1.096811f, -1.582827f, 0.832235f, 0.06150502f, 0.05126041f, -1.36092f, -0.6258397f, -1.26755f,
        -0.4904999f, -0.633124f, -0.8075271f, -0.7386619f, -1.342392f, -0.9927586f, -1.578175f,
        -0.7642646f, -0.6374453f, -0.02439088f, -2.3672f, -1.922835f, -2.060396f, -0.7422095f, -1.104574f,
        -0.4409639f, -0.9560245f, -0.856791f, -0.5861077f, -0.6344729f, -0.001551926f, -0.2179889f,
        0.433197f, -0.2198009f, -0.4425907f, -1.111842f, 0.06943035f, -0.04376203f, -0.2565873f,
        -0.8004812f, -1.056704f, -1.106246f, -0.7897485f, -0.4842936f,
    ];

    [Fact]
    public void ConvTranspose_StridePadDilationGroupOutputPadding_MatchesTorch()
    {
        var y = Run("ConvTranspose", [X, W, B], Geometry());
        Assert.Equal([1, 6, 6, 8], y.Shape);
        OpTester.AssertClose(y.Floats, Torch, 1e-5);
    }

    [Fact]
    public void ConvTranspose_OutputShape_PadsToTheRequestedSize()
    {
        // ONNX's test_convtranspose_output_shape: [1, 1, 3, 3] input, 3×3 kernel, strides 3 → [10, 8].
        var x = Seq(1, 1, 3, 3);
        var w = Tensor.FromFloats(Enumerable.Repeat(1f, 2 * 9).ToArray(), 1, 2, 3, 3);
        var y = Run("ConvTranspose", [x, w], Attrs(("strides", new long[] { 3, 2 }), ("output_shape", new long[] { 10, 8 })));
        Assert.Equal([1, 2, 10, 8], y.Shape);
        Assert.Equal(0f, y.Floats[0]);
        Assert.Equal(1f, y.Floats[2]); // column 2 reads input column 1 at stride 2
    }

    [Fact]
    public void ConvTranspose_OneD_MatchesTwoDWithUnitHeight()
    {
        var x1 = Sine([1, 2, 5]);
        var w1 = Sine([2, 3, 3], 0.5);
        var y1 = Run("ConvTranspose", [x1, w1], Attrs(("strides", new long[] { 2 })));
        var y2 = Run("ConvTranspose", [x1.Clone([1, 2, 1, 5]), w1.Clone([2, 3, 1, 3])], Attrs(("strides", new long[] { 1, 2 })));
        Assert.Equal([1, 3, 11], y1.Shape);
        Assert.Equal(y2.Floats.ToArray(), y1.Floats.ToArray());
    }

    [Fact]
    public void ConvTranspose_WeightChannelsMismatch_Throws() =>
        Fails("ConvTranspose", () => Run("ConvTranspose", [Seq(1, 3, 2, 2), Seq(2, 1, 2, 2)]), "weight has 2 input channels, expected 3");

    [Fact]
    public void ConvTranspose_Gradient_XWeightAndBias() =>
        Gradient("ConvTranspose", [Sine([1, 4, 2, 3]), Sine([4, 1, 2, 3], 1.0), Sine([2], 2.0)], Geometry(), wrt: [0, 1, 2]);
}
