using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("featmp", "featmap", 1)]
    [InlineData("abc", "", 3)]
    public void Levenshtein_KnownPairs_CountsTheEdits(string a, string b, int expected) =>
        Assert.Equal(expected, CamSharp.EditDistance.Between(a, b));

    [Fact]
    public void Closest_Abbreviation_ListsEveryOptionItBegins() =>
        Assert.Equal(["--save-input", "--save-path", "--save-raw"], Suggestions.Closest("--save", ["--save-raw", "--save-path", "--save-input", "--method"]));

    [Fact]
    public void Closest_UnderscoreAndCase_AreNotCountedAsMistakes() =>
        Assert.Equal(["--aug-smooth"], Suggestions.Closest("--Aug_Smooth", ["--aug-smooth", "--eigen-smooth"]));

    [Fact]
    public void DidYouMean_NothingClose_SaysNothing() =>
        Assert.Equal("", Suggestions.DidYouMean("--zzzzzzzz", ["--method", "--model"]));
}
