namespace CamSharp.Tests.Conformance;

/// <summary>What happened to one conformance test.</summary>
public enum ConformanceStatus
{
    /// <summary>Every output of every data set matched under ONNX's rule.</summary>
    Pass,

    /// <summary>The engine said no, at load or at run, with an exception (the class says why).</summary>
    Refused,

    /// <summary>The test belongs to a family outside CamSharp's scope and was refused at load.</summary>
    OutOfScope,

    /// <summary>The engine ran and returned a different answer. Never an accepted status.</summary>
    Wrong,
}

/// <summary>
/// A test's result: its status, a short class for refusals ("operator", "opset", "batch",
/// "crash", ...) and a one-line detail without machine paths.
/// </summary>
public sealed record ConformanceOutcome(ConformanceStatus Status, string Class = "", string Detail = "")
{
    public static string StatusName(ConformanceStatus status) => status switch
    {
        ConformanceStatus.Pass => "pass",
        ConformanceStatus.Refused => "refused",
        ConformanceStatus.OutOfScope => "out-of-scope",
        _ => "wrong",
    };

    public static ConformanceStatus ParseStatus(string name) => name switch
    {
        "pass" => ConformanceStatus.Pass,
        "refused" => ConformanceStatus.Refused,
        "out-of-scope" => ConformanceStatus.OutOfScope,
        "wrong" => ConformanceStatus.Wrong,
        _ => throw new FormatException($"unknown conformance status '{name}'"),
    };

    public override string ToString() =>
        Status == ConformanceStatus.Pass ? "pass" : $"{StatusName(Status)} ({Class}): {Detail}";
}
