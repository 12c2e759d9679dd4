namespace CamSharp.TorchvisionSweep;

/// <summary>One export's verdicts, column by column; null where the column does not apply.</summary>
internal sealed class Row(string model, string opset)
{
    public static readonly string[] Columns = ["load", "forward", "gradient", "module path", "gradcam", "eigencam"];

    public string Model { get; } = model;
    public string Opset { get; } = opset;
    public Dictionary<string, Verdict> Verdicts { get; } = [];

    public void Set(string column, Verdict v) => Verdicts[column] = v;
}

/// <summary>pass, fail (with why), n/a (a clear refusal where the column cannot apply), or not run (an earlier column failed).</summary>
internal sealed record Verdict(string State, string Detail = "")
{
    public static Verdict Pass(string detail = "") => new("pass", detail);
    public static Verdict Fail(string detail) => new("FAIL", detail);
    public static Verdict NotApplicable(string detail) => new("n/a", detail);
}
