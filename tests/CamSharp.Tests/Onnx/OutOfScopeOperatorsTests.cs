using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class OutOfScopeOperatorsTests
{
    [Theory]
    [InlineData("LSTM", "recurrent networks")]
    [InlineData("SequenceAt", "sequence types")]
    [InlineData("RandomNormalLike", "random generators")]
    [InlineData("Scan", "loops")]
    public void Family_OutOfScopeOperator_IsNamed(string opType, string family) =>
        Assert.Equal(family, OutOfScopeOperators.Family(opType));

    [Theory]
    [InlineData("Conv")]
    [InlineData("If")]
    [InlineData("Loop")]
    [InlineData("Mod")]
    public void Family_InScopeOperator_IsNull(string opType) => Assert.Null(OutOfScopeOperators.Family(opType));

    [Fact]
    public void Load_OutOfScopeOperator_RefusalSaysSo()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 2, 3).Output("y", 1, 1, 2, 3);
        b.Node("GRU", "gru", ["x"], ["y"]);
        b.Node("Frobnicate", "f", ["x"], ["z"]);
        var e = Assert.Throws<UnsupportedOperatorException>(() => OnnxModel.Load(b.Bytes(), "test.onnx"));
        Assert.Contains("outside CamSharp's scope: recurrent networks", e.Message);
        Assert.Contains("Frobnicate", e.Message); // every unsupported operator at once
    }

    [Fact]
    public void Load_TrainingDomainOnly_RefusalSaysSo()
    {
        var b = new ModelBuilder();
        b.Model.OpsetImport.Clear();
        b.Model.OpsetImport.Add(new CamSharp.Onnx.Proto.OperatorSetIdProto { Domain = OutOfScopeOperators.TrainingDomain, Version = 1 });
        Assert.Contains("outside CamSharp's scope: training", Assert.ThrowsAny<CamSharp.Engine.ModelException>(() => b.Load()).Message);
    }
}
