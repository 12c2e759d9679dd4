using System.Text.Json;
using System.Text.Json.Serialization;
using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

public sealed class JsonTextTests
{
    // What the commands wrote with System.Text.Json before: indented, NaN and infinities as strings.
    private static readonly JsonSerializerOptions Reference = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    [Fact]
    public void Serialize_SummaryShapedObject_MatchesSystemTextJson()
    {
        var rows = new[] { 0.25, double.NaN }.Select(v => new Dictionary<string, object?>
        {
            ["value"] = double.IsFinite(v) ? v : null,
            ["raw"] = v,
            ["point"] = new[] { 3, 4 },
        });
        var summary = new
        {
            name = "Samoyed <dog> & \"é\"",
            shape = new[] { 1, 1000 },
            prob = 0.9265217f,
            missing = (float?)null,
            concept = (int?)7,
            big = 1L << 40,
            inf = float.PositiveInfinity,
            flag = true,
            empty = Array.Empty<string>(),
            rows,
            nested = new { box = new[] { 143.64594268798828, -0.5 }, @class = 15 },
        };
        Assert.Equal(JsonSerializer.Serialize(summary, Reference), JsonText.Serialize(summary));
    }

    [Fact]
    public void Serialize_ListOfObjects_MatchesSystemTextJson()
    {
        var list = new List<object> { new { image = (string?)null, score = double.NegativeInfinity }, new { image = "a.png", score = 1e-9 } };
        Assert.Equal(JsonSerializer.Serialize(list, Reference), JsonText.Serialize(list));
    }
}
