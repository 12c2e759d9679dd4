namespace CamSharp.Explain.Math;

/// <summary>
/// A symmetric sparse matrix whose unknowns are cells of a height × width grid and whose rows
/// couple each cell only with its 8 neighbours: one 3×3 stencil of coefficients per unknown
/// (entry k is offset (k / 3 − 1, k % 3 − 1); entry 4 the diagonal). Cells that are not unknowns
/// take no part. Aggregating 2×2 cells gives the next coarser grid of the same form.
/// </summary>
public sealed class StencilGrid
{
    private readonly int[] _id;
    private readonly int[] _neighbours;

    /// <summary>
    /// A grid whose <paramref name="unknown"/> cells (row-major flags) are the unknowns, with 9
    /// stencil entries per unknown in <paramref name="coefficients"/> (row-major cell order).
    /// </summary>
    public StencilGrid(int height, int width, ReadOnlySpan<bool> unknown, double[] coefficients)
    {
        if (unknown.Length != height * width) throw new ArgumentException($"{unknown.Length} cell flags for a {height}×{width} grid.", nameof(unknown));
        Height = height;
        Width = width;
        _id = new int[height * width];
        var cells = new List<int>();
        for (int c = 0; c < _id.Length; c++) _id[c] = unknown[c] ? Add(cells, c) : -1;
        Cells = cells.ToArray();
        if (coefficients.Length != Cells.Length * 9) throw new ArgumentException($"{coefficients.Length} coefficients for {Cells.Length} unknowns (9 each).", nameof(coefficients));
        Coefficients = coefficients;
        _neighbours = new int[Cells.Length * 9];
        for (int i = 0; i < Cells.Length; i++)
        {
            int y0 = Cells[i] / width, x0 = Cells[i] % width;
            for (int k = 0; k < 9; k++)
            {
                int y = y0 + k / 3 - 1, x = x0 + k % 3 - 1;
                _neighbours[i * 9 + k] = y < 0 || x < 0 || y >= height || x >= width ? -1 : _id[y * width + x];
            }
        }
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The cell (row-major index) of each unknown.</summary>
    public int[] Cells { get; }

    /// <summary>9 stencil entries per unknown.</summary>
    public double[] Coefficients { get; }

    public int Count => Cells.Length;

    /// <summary>The unknown at a cell, or −1.</summary>
    public int IdOf(int cell) => _id[cell];

    /// <summary>The unknown at stencil entry k of unknown i (i itself for k = 4), or −1 (outside the grid or not an unknown).</summary>
    public int Neighbour(int i, int k) => _neighbours[i * 9 + k];

    /// <summary>y = A v.</summary>
    public void Multiply(double[] v, double[] y)
    {
        for (int i = 0; i < Cells.Length; i++)
        {
            double sum = 0;
            for (int k = 0; k < 9; k++)
            {
                int j = _neighbours[i * 9 + k];
                if (j >= 0) sum += Coefficients[i * 9 + k] * v[j];
            }
            y[i] = sum;
        }
    }

    /// <summary>One Gauss–Seidel sweep on A x = b, forward or backward in unknown order.</summary>
    public void GaussSeidel(double[] x, double[] b, bool forward)
    {
        for (int step = 0; step < Cells.Length; step++)
        {
            int i = forward ? step : Cells.Length - 1 - step;
            double sum = b[i];
            for (int k = 0; k < 9; k++)
            {
                int j = _neighbours[i * 9 + k];
                if (k != 4 && j >= 0) sum -= Coefficients[i * 9 + k] * x[j];
            }
            x[i] = sum / Coefficients[i * 9 + 4];
        }
    }

    /// <summary>
    /// The Galerkin coarse operator Pᵀ A P for P = piecewise-constant interpolation from 2×2
    /// aggregates: the coarse grid is half the size (rounded up), a coarse cell is an unknown
    /// when any of its cells is, and its stencil sums the couplings between the aggregates.
    /// </summary>
    public StencilGrid Coarsen()
    {
        int h = (Height + 1) / 2, w = (Width + 1) / 2;
        var unknown = new bool[h * w];
        foreach (int cell in Cells) unknown[Parent(cell, w)] = true;
        var coarse = new StencilGrid(h, w, unknown, new double[CountTrue(unknown) * 9]);
        for (int i = 0; i < Cells.Length; i++)
        {
            int parent = Parent(Cells[i], w), I = coarse.IdOf(parent);
            for (int k = 0; k < 9; k++)
            {
                double a = Coefficients[i * 9 + k];
                int j = _neighbours[i * 9 + k];
                if (a == 0 || j < 0) continue;
                int other = Parent(Cells[j], w);
                int dy = other / w - parent / w, dx = other % w - parent % w;
                coarse.Coefficients[I * 9 + (dy + 1) * 3 + dx + 1] += a;
            }
        }
        return coarse;
    }

    /// <summary>The coarse cell of a cell (2×2 aggregation) on a coarse grid of width <paramref name="coarseWidth"/>.</summary>
    public int Parent(int cell, int coarseWidth) => cell / Width / 2 * coarseWidth + cell % Width / 2;

    /// <summary>The matrix as a dense n × n array (for the coarsest level's direct solve).</summary>
    public double[] ToDense()
    {
        int n = Cells.Length;
        var dense = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 9; k++)
            {
                int j = _neighbours[i * 9 + k];
                if (j >= 0) dense[i * n + j] += Coefficients[i * 9 + k];
            }
        return dense;
    }

    private static int Add(List<int> list, int value)
    {
        list.Add(value);
        return list.Count - 1;
    }

    private static int CountTrue(bool[] flags)
    {
        int n = 0;
        foreach (bool f in flags) if (f) n++;
        return n;
    }
}
