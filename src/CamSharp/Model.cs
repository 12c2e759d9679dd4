using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp;

/// <summary>
/// A loaded ONNX vision model, ready to run: the file's contents, the engine graph, a
/// session, and the module tree that maps PyTorch-style layer names to values. Dispose it
/// (<c>using var model = Model.Load(…)</c>) to free the session's plans at once rather than
/// at the next garbage collection; a disposed model runs nothing.
/// </summary>
public sealed class Model : IDisposable
{
    private Model(OnnxModel onnx)
    {
        Onnx = onnx;
        Graph = new Graph(QdqConvRewrite.Run(onnx.Nodes, onnx.Initializers), onnx.Initializers,
            onnx.Inputs.Select(i => new GraphInput(i.Name, i.Type, i.Shape) { DeclaredType = i.OnnxTypeName }).ToArray(),
            onnx.Outputs.Select(o => o.Name).ToArray(), onnx.Opset, onnx.Source);
        Session = new Session(Graph, onnx.Limits);
        DeclaredShapeCheck.Run(onnx, Session);
    }

    public OnnxModel Onnx { get; }

    /// <summary>Frees the session's cached plans; afterwards every run throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => Session.Dispose();

    public Graph Graph { get; }

    public Session Session { get; }

    /// <summary>The caps this model was loaded under; <see cref="ResourceLimits.MemoryBytes"/> is the budget of one forward pass.</summary>
    public ResourceLimits Limits => Session.Limits;

    /// <summary>Where the model came from, for messages.</summary>
    public string Source => Onnx.Source;

    /// <summary>PyTorch module paths rebuilt from node scopes.</summary>
    public ModuleTree Modules => Onnx.Modules;

    /// <summary>The model's single image input.</summary>
    public ValueSpec Input => Onnx.Inputs.Count > 0 ? Onnx.Inputs[0] : throw new ModelException($"{Source} has no inputs.");

    /// <summary>The fixed input size (H, W) when the model declares one.</summary>
    public (int Height, int Width)? StaticInputSize => Input.Shape switch
    {
        { Length: 4 } s when s[2] > 0 && s[3] > 0 => (s[2], s[3]),
        { Length: 3 } s when TakesOneImage && s[1] > 0 && s[2] > 0 => (s[1], s[2]),
        { Length: 5 } s when s[3] > 0 && s[4] > 0 => (s[3], s[4]), // a video model's frame size

        _ => null,
    };

    /// <summary>
    /// Whether the image input is one unbatched [3, H, W] image, as torchvision's detection
    /// exports take it; <see cref="Run(Tensor)"/> feeds such a model a [1, 3, H, W] batch as that image.
    /// </summary>
    public bool TakesOneImage => Session.TakesOneImage;

    /// <summary>
    /// The input shape of one image of <paramref name="height"/>×<paramref name="width"/> as this model takes it:
    /// [1, C, H, W]; [C, H, W] for a model that takes one unbatched image; [1, C, T, H, W] for a video model
    /// (its declared frame count, or 16 when that is dynamic).
    /// </summary>
    public int[] InputShapeFor(int height, int width) => ModelProfiler.ProbeShape(this, (height, width));

    /// <summary>
    /// Loads and validates a model file: every unsupported operator, malformed node and, for
    /// inputs of fixed size, every shape or type that does not work out is reported at once
    /// (<see cref="ModelValidationException"/>). <paramref name="options"/> carries the
    /// <see cref="ResourceLimits"/> the model is read and run under.
    /// </summary>
    public static Model Load(string path, OnnxLoadOptions? options = null)
    {
        var onnx = OnnxModel.Load(path, options);
        onnx.Validate();
        return new Model(onnx);
    }

    /// <summary>Loads a model from bytes (an embedded resource, a download).</summary>
    public static Model Load(byte[] bytes, string displayName, OnnxLoadOptions? options = null)
    {
        var onnx = OnnxModel.Load(bytes, displayName, null, options);
        onnx.Validate();
        return new Model(onnx);
    }

    /// <summary>
    /// A copy of this model with some initializers (weights) replaced, by name; the shapes must
    /// stay. For sanity checks that randomise a model's layers (<see cref="Explain.Metrics.Mprt"/>).
    /// </summary>
    public Model WithInitializers(IReadOnlyDictionary<string, Tensor> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var merged = new Dictionary<string, Tensor>(Onnx.Initializers, StringComparer.Ordinal);
        foreach (var (name, t) in replacements)
        {
            if (!merged.TryGetValue(name, out var old))
                throw new InputException($"{Source} has no initializer '{name}'.");
            if (old.Type != t.Type || !ShapeUtil.Equal(old.Shape, t.Shape))
                throw new InputException($"Initializer '{name}' is {old.Type}[{ShapeUtil.Format(old.Shape)}]; the replacement is {t.Type}[{ShapeUtil.Format(t.Shape)}].");
            merged[name] = t;
        }
        return new Model(Onnx.WithInitializers(merged));
    }

    /// <summary>
    /// The same model (weights shared) with a session planned under other caps: for running
    /// several inputs at once, each under its share of one memory budget.
    /// </summary>
    public Model WithLimits(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new Model(Onnx.WithLimits(limits));
    }

    /// <summary>
    /// What CamSharp understands of the model (kind, preprocessing, class names, default
    /// layers and targets), worked out on first use and kept.
    /// </summary>
    public ModelProfile Profile => _profile ??= ModelProfiler.Build(this);

    private ModelProfile? _profile;

    /// <summary>
    /// The value names a layer name stands for: a module path, a value or node name, or one of
    /// MMYOLO's group names (<c>backbone</c>, <c>neck</c>, <c>head</c>) on an Ultralytics export.
    /// </summary>
    public IReadOnlyList<string> ResolveLayer(string name) => UltralyticsGroups.Resolve(this, name) ?? Modules.Resolve(name);

    /// <summary>
    /// Runs a plain forward pass on one image batch and returns copies of the outputs, holding
    /// the values of their declared ONNX types (see <see cref="Run(IReadOnlyDictionary{string, Tensor})"/>).
    /// </summary>
    public Tensor[] Run(Tensor input)
    {
        using var pass = Session.Run(input);
        return Declared(pass);
    }

    /// <summary>
    /// Runs a plain forward pass on named inputs (in engine types, as <see cref="TensorProtoFile"/>
    /// reads them) and returns copies of the outputs in graph order. Each output holds the values
    /// of the ONNX type it is declared with (<c>Onnx.Outputs[i].OnnxTypeName</c>): a UINT8 output
    /// comes back as int64 values wrapped to 0..255, a FLOAT16 one as float32 values rounded to float16.
    /// </summary>
    public Tensor[] Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        using var pass = Session.Run(inputs);
        return Declared(pass);
    }

    private Tensor[] Declared(ForwardPass pass)
    {
        var outputs = pass.Outputs.Select(o => o.Clone()).ToArray();
        for (int i = 0; i < outputs.Length && i < Onnx.Outputs.Count; i++)
            DeclaredTypeNarrowing.Apply(outputs[i], Onnx.Outputs[i].OnnxTypeName);
        return outputs;
    }
}
