using Xunit;

namespace CamSharp.Tests.Conformance;

public class StatusFileTests
{
    [Fact]
    public void WriteThenRead_KeepsEveryStatusClassAndDetail()
    {
        var results = new List<(ConformanceCase, ConformanceOutcome)>
        {
            (new ConformanceCase("onnx-node/test_a", "a", []), new ConformanceOutcome(ConformanceStatus.Pass)),
            (new ConformanceCase("onnx-node/test_b", "b", []), new ConformanceOutcome(ConformanceStatus.Refused, "operator", "Mod, Trilu")),
            (new ConformanceCase("simple/test_c", "c", []), new ConformanceOutcome(ConformanceStatus.OutOfScope, "family", "LSTM")),
        };
        string path = Path.GetTempFileName();
        try
        {
            StatusFile.Write(path, results);
            var read = StatusFile.Read(path);
            Assert.Equal(3, read.Count);
            Assert.Equal(ConformanceStatus.Pass, read["onnx-node/test_a"].Status);
            Assert.Equal(new ConformanceOutcome(ConformanceStatus.Refused, "operator", "Mod, Trilu"), read["onnx-node/test_b"]);
            Assert.Equal(ConformanceStatus.OutOfScope, read["simple/test_c"].Status);
            Assert.Contains("# onnx-node: 1 pass, 1 refused, 0 out-of-scope, 0 wrong (of 2)", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_UnknownStatus_Throws()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "onnx-node/test_a\tmaybe\n");
            Assert.Throws<FormatException>(() => StatusFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
