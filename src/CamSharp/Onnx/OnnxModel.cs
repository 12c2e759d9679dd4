using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// An ONNX model read into engine terms and checked: nodes with converted attributes,
/// constant tensors (widened to the engine's types), graph inputs and outputs, metadata,
/// and the module tree rebuilt from node scopes.
/// </summary>
public sealed class OnnxModel
{
    private readonly Lazy<ModuleTree> _modules;

    internal OnnxModel(string source, long irVersion, IReadOnlyDictionary<string, long> opsets,
        string producerName, string producerVersion, IReadOnlyList<Node> nodes,
        IReadOnlyDictionary<string, Tensor> initializers, IReadOnlyList<ValueSpec> inputs,
        IReadOnlyList<ValueSpec> outputs, IReadOnlyDictionary<string, ValueSpec> valueInfos,
        IReadOnlyDictionary<string, string> metadata, ResourceLimits limits)
    {
        Limits = limits;
        Source = source;
        IrVersion = irVersion;
        Opsets = opsets;
        Opset = (int)opsets[""];
        FileOpset = Opset;
        ProducerName = producerName;
        ProducerVersion = producerVersion;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        ValueInfos = valueInfos;
        Metadata = metadata;
        ClassNames = ExportMetadata.ClassNames(metadata);
        ImageSize = ExportMetadata.ImageSize(metadata);
        Stride = ExportMetadata.Stride(metadata);
        _modules = new Lazy<ModuleTree>(() => new ModuleTree(this));
    }

    /// <summary>The same model with another set of initializers (same names and shapes, checked by the caller).</summary>
    internal OnnxModel WithInitializers(IReadOnlyDictionary<string, Tensor> initializers) =>
        new(Source, IrVersion, Opsets, ProducerName, ProducerVersion, Nodes, initializers, Inputs, Outputs, ValueInfos, Metadata, Limits);

    /// <summary>The same model run under other caps (the file was already read and checked under its own).</summary>
    internal OnnxModel WithLimits(ResourceLimits limits) =>
        new(Source, IrVersion, Opsets, ProducerName, ProducerVersion, Nodes, Initializers, Inputs, Outputs, ValueInfos, Metadata, limits);

    /// <summary>Reads, converts and checks a model file (external data is looked for beside it).</summary>
    public static OnnxModel Load(string path, OnnxLoadOptions? options = null) =>
        OnnxModelReader.Load(path, options ?? OnnxLoadOptions.Default);

    /// <summary>
    /// Reads a model from memory. <paramref name="displayName"/> names it in messages;
    /// external data is resolved against <paramref name="baseDirectory"/> (none allowed without it).
    /// </summary>
    public static OnnxModel Load(byte[] bytes, string displayName, string? baseDirectory = null, OnnxLoadOptions? options = null) =>
        OnnxModelReader.Load(bytes, displayName, baseDirectory, options ?? OnnxLoadOptions.Default);

    /// <summary>The caps the file was read under; a session made from this model plans against them too.</summary>
    public ResourceLimits Limits { get; }

    /// <summary>The file path or display name, for messages.</summary>
    public string Source { get; }

    public long IrVersion { get; }

    /// <summary>The opset of the default ONNX domain the nodes are in (7 for files written for opsets 1–6, which are adapted on load).</summary>
    public int Opset { get; }

    /// <summary>The default-domain opset the file declares.</summary>
    public int FileOpset { get; init; }

    /// <summary>Every imported opset by domain; the default domain is "" (also for files that say "ai.onnx").</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    public string ProducerName { get; }

    public string ProducerVersion { get; }

    /// <summary>Nodes in file order (which ONNX requires to be a topological order). Constant nodes stay nodes.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Constant tensors by value name.</summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>The inputs a caller feeds: graph inputs that are not also initializers.</summary>
    public IReadOnlyList<ValueSpec> Inputs { get; }

    public IReadOnlyList<ValueSpec> Outputs { get; }

    /// <summary>The graph's value_info entries that describe tensors (often none).</summary>
    public IReadOnlyDictionary<string, ValueSpec> ValueInfos { get; }

    /// <summary>metadata_props as written by the exporter.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Class names from Ultralytics-style <c>names</c> metadata, by class index.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>[height, width] from <c>imgsz</c> metadata.</summary>
    public int[]? ImageSize { get; }

    /// <summary>The model's largest stride from <c>stride</c> metadata.</summary>
    public int? Stride { get; }

    /// <summary>The module tree rebuilt from node scopes (built on first use).</summary>
    public ModuleTree Modules => _modules.Value;

    /// <summary>Operators in this model, subgraphs (If branches) included, that the engine cannot run (null predicate: the registry).</summary>
    public IReadOnlyList<UnsupportedOperator> FindUnsupportedOperators(Func<string, bool>? isSupported = null) =>
        OperatorCheck.Find(Subgraph.Flatten(Nodes), isSupported ?? Ops.OperatorRegistry.IsSupported);

    /// <summary>Throws <see cref="UnsupportedOperatorException"/> listing every unsupported operator.</summary>
    public void Validate(Func<string, bool>? isSupported = null)
    {
        var unsupported = FindUnsupportedOperators(isSupported);
        if (unsupported.Count > 0) throw new UnsupportedOperatorException(Source, unsupported);
    }

    public override string ToString() =>
        $"{Source} (IR {IrVersion}, opset {Opset}{(FileOpset != Opset ? $" adapted from {FileOpset}" : "")}, {Nodes.Count} nodes, producer '{ProducerName} {ProducerVersion}')";
}
