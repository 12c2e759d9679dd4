using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class ExportMetadataTests
{
    private static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };

    [Fact]
    public void ClassNames_PythonDictWithBothQuoteStyles_IsReadInIdOrder()
    {
        var names = ExportMetadata.ClassNames(Meta("names", "{1: \"it's\", 0: 'a \\'b\\'', 2: 'caf\\xe9 \\u00fc'}"));
        Assert.Equal(["a 'b'", "it's", "café ü"], names!);
    }

    [Fact]
    public void ClassNames_ListAndGaps_AreHandled()
    {
        Assert.Equal(["cat", "dog"], ExportMetadata.ClassNames(Meta("names", "['cat', 'dog']"))!);
        Assert.Equal(["zero", "class 1", "two"], ExportMetadata.ClassNames(Meta("names", "{0: 'zero', 2: 'two'}"))!);
    }

    [Theory]
    [InlineData("{0: person}")]
    [InlineData("{0: 'person'")]
    [InlineData("{-1: 'x'}")]
    [InlineData("{'a': 'b'}")]
    [InlineData("{0: 'a'} trailing")]
    [InlineData("")]
    public void ClassNames_Malformed_GiveNull(string text) =>
        Assert.Null(ExportMetadata.ClassNames(Meta("names", text)));

    [Fact]
    public void ClassNames_DeepNesting_GivesNullWithoutOverflow() =>
        Assert.Null(ExportMetadata.ClassNames(Meta("names", new string('[', 100_000))));

    [Theory]
    [InlineData("[640, 640]", new[] { 640, 640 })]
    [InlineData("[480, 640]", new[] { 480, 640 })]
    [InlineData("(320, 320)", new[] { 320, 320 })]
    [InlineData("416", new[] { 416, 416 })]
    [InlineData("[0, 640]", null)]
    [InlineData("[640, 640, 3]", null)]
    [InlineData("big", null)]
    public void ImageSize_ReadsListsTuplesAndSquares(string text, int[]? expected) =>
        Assert.Equal(expected, ExportMetadata.ImageSize(Meta("imgsz", text)));

    [Theory]
    [InlineData("32", 32)]
    [InlineData("[8, 16, 32]", 32)]
    [InlineData("-32", null)]
    public void Stride_ReadsTheLargest(string text, int? expected) =>
        Assert.Equal(expected, ExportMetadata.Stride(Meta("stride", text)));

    [Fact]
    public void Missing_Keys_GiveNull()
    {
        var empty = new Dictionary<string, string>();
        Assert.Null(ExportMetadata.ClassNames(empty));
        Assert.Null(ExportMetadata.ImageSize(empty));
        Assert.Null(ExportMetadata.Stride(empty));
    }
}
