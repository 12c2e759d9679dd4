using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>One op type (with its domain) that the engine cannot run, and where it occurs.</summary>
public sealed record UnsupportedOperator(string Domain, string OpType, int Count, string ExampleNode)
{
    /// <summary>The out-of-scope family the operator belongs to ("recurrent networks"), or null when it may yet be supported.</summary>
    public string? OutOfScopeFamily => Domain switch
    {
        "" => OutOfScopeOperators.Family(OpType),
        OutOfScopeOperators.TrainingDomain => "training",
        _ => null,
    };

    public override string ToString()
    {
        string domain = Domain.Length > 0 ? $"domain '{Domain}', " : "";
        string scope = OutOfScopeFamily is { } family ? $"; outside CamSharp's scope: {family}" : "";
        return $"{OpType} ({domain}{Count} node{(Count == 1 ? "" : "s")}, e.g. '{ExampleNode}'{scope})";
    }
}

/// <summary>
/// A model uses operators the engine cannot run. The message lists every one at once, with
/// its count and an example node, so the whole problem is visible in one go.
/// </summary>
public sealed class UnsupportedOperatorException : ModelException
{
    public UnsupportedOperatorException(string source, IReadOnlyList<UnsupportedOperator> operators)
        : base(Describe(source, operators)) => Operators = operators;

    public IReadOnlyList<UnsupportedOperator> Operators { get; }

    private static string Describe(string source, IReadOnlyList<UnsupportedOperator> ops) =>
        $"{source} uses {ops.Count} unsupported operator{(ops.Count == 1 ? "" : "s")}: {string.Join(", ", ops)}";
}
