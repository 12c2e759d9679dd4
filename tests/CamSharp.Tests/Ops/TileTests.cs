using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class TileTests
{
    [Fact]
    public void Tile_Repeats_TilesEachAxis()
    {
        var y = Run("Tile", [Seq(2, 2), Longs(1, 2)]);
        Equal(y, [0, 1, 0, 1, 2, 3, 2, 3], 2, 4);
        var z = Run("Tile", [Seq(2, 2), Longs(2, 1)]);
        Equal(z, [0, 1, 2, 3, 0, 1, 2, 3], 4, 2);
    }

    [Fact]
    public void Tile_ZeroRepeat_GivesEmpty() => Assert.Equal([0, 2], Run("Tile", [Seq(2, 2), Longs(0, 1)]).Shape);

    [Fact]
    public void Tile_Int64_Tiles() => EqualLongs(Run("Tile", [Longs(1, 2), Longs(3)]), [1, 2, 1, 2, 1, 2], 6);

    [Fact]
    public void Tile_RepeatsWrongLength_Throws() =>
        Fails("Tile", () => Run("Tile", [Seq(2, 2), Longs(2)]), "expected 2");

    [Fact]
    public void Tile_Gradient_SumsTiles() =>
        Gradient("Tile", [OpTester.RandomTensor(new Random(62), 3, 1, 2), Longs(2, 3, 1)]);
}
