using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx;

public class SameTypeCastsTests
{
    private const int Float = 1, Float16 = 10;

    /// <summary>x · 1e-4 → Cast(to) → · 1e4: the middle value (3e-8·k) is below float16's normal range.</summary>
    private static ModelBuilder Scaled(int inputType, int castTo)
    {
        var b = new ModelBuilder().Input("x", inputType, 3).Output("y", Float, 3);
        b.Initializer(ModelBuilder.Floats("small", [1e-4f], 1));
        b.Initializer(ModelBuilder.Floats("large", [1e4f], 1));
        b.Node("Mul", "down", ["x", "small"], ["tiny"]);
        b.Node("Cast", "cast", ["tiny"], ["cast"]).Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto
            { Name = "to", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Int, I = castTo });
        b.Node("Mul", "up", ["cast", "large"], ["y"]);
        return b;
    }

    private static readonly float[] Inputs = [3e-4f, 7e-4f, 1.3e-3f];

    [Fact]
    public void Run_Float16CastOfFloat16Value_IsIdentity()
    {
        // A float16 graph computed widened: the Cast to the type its input already has changes nothing.
        var y = Run(Scaled(Float16, Float16), ("x", Tensor.FromFloats(Inputs, 3)));
        var expected = Inputs.Select(v => v * 1e-4f * 1e4f).ToArray();
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Fact]
    public void Run_Float16CastOfFloat32Value_StillRounds()
    {
        var y = Run(Scaled(Float, Float16), ("x", Tensor.FromFloats(Inputs, 3)));
        var expected = Inputs.Select(v => (float)(Half)(v * 1e-4f) * 1e4f).ToArray();
        Assert.Equal(expected, y.Floats.ToArray());
        Assert.NotEqual(Inputs.Select(v => v * 1e-4f * 1e4f).ToArray(), y.Floats.ToArray());
    }
}
