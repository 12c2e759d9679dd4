using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// An Einsum equation bound to its operands' ranks: one label per axis of each input and of
/// the output. Letters are labels 0–51; the axes an ellipsis stands for get labels from
/// <see cref="EllipsisBase"/> on, right-aligned across operands as in NumPy. Without "->",
/// the output is the ellipsis axes, then the letters used once, in character order.
/// </summary>
internal sealed class EinsumEquation
{
    public const int EllipsisBase = 64;

    private EinsumEquation(int[][] inputs, int[] output)
    {
        Inputs = inputs;
        Output = output;
    }

    public int[][] Inputs { get; }

    public int[] Output { get; }

    public static EinsumEquation Parse(Node node, string equation, IReadOnlyList<int> ranks)
    {
        string eq = equation.Replace(" ", "", StringComparison.Ordinal);
        int arrow = eq.IndexOf("->", StringComparison.Ordinal);
        string lhs = arrow >= 0 ? eq[..arrow] : eq;
        var terms = lhs.Split(',');
        if (terms.Length != ranks.Count)
            throw new ModelException($"{node}: equation '{equation}' has {terms.Length} input terms for {ranks.Count} inputs.");
        int ellipsisRank = 0;
        var parsed = new List<(List<int> Letters, int At)>();
        for (int i = 0; i < terms.Length; i++)
        {
            var (letters, at) = Term(node, equation, terms[i]);
            int e = ranks[i] - letters.Count;
            if (at < 0 ? e != 0 : e < 0)
                throw new ModelException($"{node}: term '{terms[i]}' of equation '{equation}' does not fit input {i} of rank {ranks[i]}.");
            ellipsisRank = Math.Max(ellipsisRank, e);
            parsed.Add((letters, at));
        }
        var inputs = parsed.Select((p, i) => Expand(p.Letters, p.At, ranks[i] - p.Letters.Count, ellipsisRank)).ToArray();

        int[] output;
        if (arrow >= 0)
        {
            var (letters, at) = Term(node, equation, eq[(arrow + 2)..]);
            if (letters.Distinct().Count() != letters.Count)
                throw new ModelException($"{node}: the output of equation '{equation}' repeats a letter.");
            foreach (int l in letters)
                if (!inputs.Any(t => t.Contains(l)))
                    throw new ModelException($"{node}: output letter '{Letter(l)}' of equation '{equation}' is in no input.");
            output = Expand(letters, at, at < 0 ? 0 : ellipsisRank, ellipsisRank);
        }
        else
        {
            var counts = inputs.SelectMany(t => t).Where(l => l < EllipsisBase).GroupBy(l => l).Where(g => g.Count() == 1).Select(g => g.Key);
            output = [.. Enumerable.Range(0, ellipsisRank).Select(j => EllipsisBase + j), .. counts.OrderBy(l => Letter(l), StringComparer.Ordinal)];
        }
        return new EinsumEquation(inputs, output);
    }

    /// <summary>The letters of a term and where its ellipsis sits (-1 if none).</summary>
    private static (List<int> Letters, int At) Term(Node node, string equation, string term)
    {
        var letters = new List<int>();
        int at = -1;
        for (int k = 0; k < term.Length; k++)
        {
            char c = term[k];
            if (c == '.' && at < 0 && k + 2 < term.Length && term[k + 1] == '.' && term[k + 2] == '.')
            {
                at = letters.Count;
                k += 2;
            }
            else if (c is >= 'a' and <= 'z') letters.Add(c - 'a');
            else if (c is >= 'A' and <= 'Z') letters.Add(26 + c - 'A');
            else throw new ModelException($"{node}: equation '{equation}' has '{c}' where a letter or '...' belongs.");
        }
        return (letters, at);
    }

    private static int[] Expand(List<int> letters, int at, int count, int ellipsisRank)
    {
        if (at < 0) return [.. letters];
        var ell = Enumerable.Range(ellipsisRank - count, count).Select(j => EllipsisBase + j);
        return [.. letters.Take(at), .. ell, .. letters.Skip(at)];
    }

    private static string Letter(int label) => label < 26 ? ((char)('a' + label)).ToString() : ((char)('A' + label - 26)).ToString();
}
