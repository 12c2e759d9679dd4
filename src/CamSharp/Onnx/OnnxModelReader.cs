using CamSharp.Engine;
using CamSharp.Onnx.Adapters;
using CamSharp.Onnx.Folding;
using CamSharp.Files;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Google.Protobuf;

namespace CamSharp.Onnx;

/// <summary>
/// Parses a model file and converts it to an <see cref="OnnxModel"/>, checking versions,
/// sizes, structure and operators on the way. Nothing in the file is trusted.
/// </summary>
internal static class OnnxModelReader
{
    public const long MinIr = 3, MaxIr = 10, MinOpset = 1, MaxOpset = 21;

    /// <summary>What a model file may hold beyond its weights: nodes, names, metadata.</summary>
    private const long GraphBytesAllowance = 64L << 20;

    public static OnnxModel Load(string path, OnnxLoadOptions options)
    {
        byte[] bytes;
        try
        {
            // Protobuf cannot parse one message over 2 GB; big models keep weights as external data.
            // The file is mostly weights: it may hold the weights' cap plus room for the graph.
            long length = RegularFile.Length(path, "model");
            if (length > int.MaxValue)
                throw new ModelException($"{path}: the file has {length} bytes; ONNX files over 2 GB must store their weights as external data.");
            bytes = RegularFile.ReadAllBytes(path, options.Limits.MaxInitializerBytes + GraphBytesAllowance, "model");
        }
        catch (UnsafePathException e)
        {
            throw new ModelException($"{path}: {e.Problem}.", e);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelException($"{path}: no such file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"{path}: cannot be read ({e.Message})", e);
        }
        return Load(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)), options);
    }

    public static OnnxModel Load(byte[] bytes, string source, string? baseDirectory, OnnxLoadOptions options)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException)
        {
            throw new ModelException($"{source}: not a valid ONNX model ({e.Message})", e);
        }
        var graph = proto.Graph ?? throw new ModelException($"{source}: not a valid ONNX model (it has no graph).");
        CheckIrVersion(source, proto.IrVersion);
        var opsets = ReadOpsets(source, proto);

        if (graph.SparseInitializer.Count > 0)
            throw new ModelException($"{source}: sparse initializer '{graph.SparseInitializer[0].Values?.Name}' is not supported.");
        // Sizes are checked as each tensor is read (a lie about them stops loading at once);
        // every other problem is collected and reported together at the end.
        var problems = new List<string>();
        var tensors = new TensorReader(source, baseDirectory, options);
        var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer)
        {
            if (initializers.ContainsKey(t.Name)) problems.Add($"initializer '{t.Name}' is defined twice");
            else initializers[t.Name] = tensors.Read(t, $"initializer '{t.Name}'");
        }

        // IR 3 files also list every initializer as a graph input; those are not fed by callers.
        var inputs = graph.Input.Where(v => !initializers.ContainsKey(v.Name))
            .Select(v => ValueSpecReader.ReadRequired(v, "graph input", source, options, problems)).OfType<ValueSpec>().ToList();
        var outputs = graph.Output.Select(v => ValueSpecReader.ReadRequired(v, "graph output", source, options, problems)).OfType<ValueSpec>().ToList();
        var valueInfos = new Dictionary<string, ValueSpec>(StringComparer.Ordinal);
        foreach (var v in graph.ValueInfo)
            if (ValueSpecReader.ReadInfo(v, source, options, problems) is { } spec) valueInfos[v.Name] = spec;

        var read = graph.Node.Select(n => ReadNode(n, tensors, problems)).ToList();
        long fileOpset = opsets[""];
        // Opsets 1-6 are rewritten into opset-7 form once, here, so operators know one set of spellings.
        var adapter = new AdapterContext(initializers, inputs.Concat(outputs).Concat(valueInfos.Values), read, problems);
        var nodes = OpsetAdapter.Adapt(read, fileOpset, adapter);
        QuantizedOutputTypes.Declare(graph, nodes);
        nodes = SameTypeCasts.Run(graph, nodes);
        opsets[""] = Math.Max(fileOpset, OpsetAdapter.Target);
        OperatorVersions.Check(Subgraph.Flatten(nodes), opsets[""], problems);
        Float64Check.Run(nodes, inputs, outputs, problems);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in proto.MetadataProps) metadata[kv.Key] = kv.Value;

        if (graph.Output.Count == 0) problems.Add("the graph declares no outputs, so there is nothing to compute");
        GraphChecks.Run(nodes, graph.Input.Select(v => v.Name), initializers.Keys, graph.Output.Select(o => o.Name), problems);
        if (problems.Count == 0) nodes = ResolveLoopsAndSequences(nodes, initializers, graph, inputs.Concat(outputs).Concat(valueInfos.Values),
            (int)opsets[""], options.CheckOperators ? problems : []);
        // In a sound graph, operators that only ever see constants are folded before anyone judges them.
        if (problems.Count == 0) nodes = ConstantFolding.Run(nodes, initializers, (int)opsets[""], options.Supports, options.Limits);
        if (problems.Count > 0)
        {
            // The whole picture at once: unsupported operators too, not only the first kind of problem.
            if (options.CheckOperators && OperatorCheck.Find(nodes, options.Supports) is { Count: > 0 } unsupported)
                problems.Add($"it uses {unsupported.Count} unsupported operator{(unsupported.Count == 1 ? "" : "s")}: {string.Join(", ", unsupported)}");
            throw ModelValidationException.For(source, problems);
        }
        var model = new OnnxModel(source, proto.IrVersion, opsets, proto.ProducerName, proto.ProducerVersion,
            nodes, initializers, inputs, outputs, valueInfos, metadata, options.Limits) { FileOpset = (int)fileOpset };
        if (options.CheckOperators) model.Validate(options.Supports);
        return model;
    }

    /// <summary>
    /// Unrolls loops of a few constant iterations and resolves the sequences whose structure is then known
    /// (torch's export of a tensor split), so that gradients cross them; what cannot be resolved is a problem
    /// naming the node.
    /// </summary>
    private static List<Node> ResolveLoopsAndSequences(List<Node> nodes, Dictionary<string, Tensor> initializers, GraphProto graph,
        IEnumerable<ValueSpec> declared, int opset, List<string> problems)
    {
        var graphInputs = graph.Input.Select(v => v.Name).ToList();
        var graphOutputs = graph.Output.Select(v => v.Name).ToList();
        var unrolled = LoopUnrolling.Run(nodes, initializers, graphInputs.Concat(graphOutputs), opset);
        var shapes = new Dictionary<string, int[]?>(StringComparer.Ordinal);
        foreach (var spec in declared) shapes.TryAdd(spec.Name, spec.Shape);
        var resolved = StaticSequences.Run(unrolled, initializers, graphInputs, graphOutputs, v => shapes.GetValueOrDefault(v), opset, problems);
        return resolved as List<Node> ?? resolved.ToList();
    }

    private static void CheckIrVersion(string source, long ir)
    {
        if (ir < MinIr || ir > MaxIr)
            throw new ModelException($"{source}: ONNX IR version {ir} is not supported (CamSharp reads IR {MinIr} to {MaxIr}).");
    }

    private static Dictionary<string, long> ReadOpsets(string source, ModelProto proto)
    {
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var o in proto.OpsetImport)
            opsets[NormalizeDomain(o.Domain)] = o.Version;
        if (!opsets.TryGetValue("", out long opset))
            throw new ModelException(opsets.ContainsKey(OutOfScopeOperators.TrainingDomain)
                ? $"{source}: the model imports only training operators ({OutOfScopeOperators.TrainingDomain}); outside CamSharp's scope: training."
                : $"{source}: the model imports no opset for the default ONNX domain.");
        if (opset < MinOpset || opset > MaxOpset)
            throw new ModelException($"{source}: opset {opset} is not supported (CamSharp runs opsets {MinOpset} to {MaxOpset}); " +
                "convert the model with onnx.version_converter or export it again with another opset.");
        return opsets;
    }

    private static Node ReadNode(NodeProto n, TensorReader tensors, List<string> problems, int depth = 0)
    {
        string domain = NormalizeDomain(n.Domain);
        var probe = new Node(n.Name, n.OpType, [], n.Output.ToArray());
        if (n.OpType.Length == 0) problems.Add($"node {Label(probe)} has no op type");
        var attributes = AttributeReader.Read(n, Label(probe), tensors, problems,
            (g, where) => ReadSubgraph(g, where, tensors, problems, depth + 1));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in n.MetadataProps) metadata[kv.Key] = kv.Value;
        return new Node(n.Name, n.OpType, n.Input.ToArray(), n.Output.ToArray(), attributes, domain) { Metadata = metadata };
    }

    /// <summary>Deeper nesting than this is refused: exporters nest a few Ifs at most, a hostile file could recurse.</summary>
    private const int MaxSubgraphDepth = 16;

    /// <summary>A graph attribute (an If branch): its nodes, read like the main graph's, its initializers and output names.</summary>
    private static Subgraph ReadSubgraph(GraphProto g, string where, TensorReader tensors, List<string> problems, int depth)
    {
        if (depth > MaxSubgraphDepth)
            throw new ModelException($"{where}: subgraphs are nested more than {MaxSubgraphDepth} deep.");
        if (g.SparseInitializer.Count > 0) problems.Add($"{where}: sparse initializers are not supported");
        var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in g.Initializer)
        {
            if (initializers.ContainsKey(t.Name)) problems.Add($"{where}: initializer '{t.Name}' is defined twice");
            else initializers[t.Name] = tensors.Read(t, $"initializer '{t.Name}' of {where}");
        }
        var nodes = g.Node.Select(n => ReadNode(n, tensors, problems, depth)).ToList();
        return new Subgraph(g.Name, nodes, initializers, g.Input.Select(v => v.Name).ToArray(), g.Output.Select(v => v.Name).ToArray());
    }

    /// <summary>"'/layer1/Conv' (Conv)", or the first output when the node has no name.</summary>
    private static string Label(Node node) => $"'{node.DisplayName}' ({node.OpType})";

    /// <summary>"ai.onnx" is an alias of the default domain "".</summary>
    private static string NormalizeDomain(string domain) => domain == "ai.onnx" ? "" : domain;
}
