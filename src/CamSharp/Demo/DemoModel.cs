namespace CamSharp.Demo;

/// <summary>
/// The bundled demo model: a small CNN trained on <see cref="ShapeImages"/> (rebuilt by
/// <c>tools/demo_model/train_demo_model.py</c>), embedded so the demo runs on a fresh clone.
/// </summary>
public static class DemoModel
{
    private const string ResourceName = "CamSharp.Resources.demo_shapes.onnx";

    /// <summary>The model's ONNX bytes.</summary>
    public static byte[] Bytes()
    {
        using var stream = typeof(DemoModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded demo model '{ResourceName}' is missing from the assembly.");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Loads the demo model (under <paramref name="limits"/>, default <see cref="ResourceLimits.Default"/>).</summary>
    public static Model Load(ResourceLimits? limits = null) =>
        Model.Load(Bytes(), "demo_shapes.onnx (embedded)", limits is null ? null : new Onnx.OnnxLoadOptions { Limits = limits });

    /// <summary>The layer whose maps the demo shows: the last convolutional block (8×8).</summary>
    public const string CamLayer = "block4";
}
