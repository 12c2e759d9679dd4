using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Oracle;

/// <summary>How the oracle tests compare a value with ONNX Runtime's: same shape; floats within tol · max |ORT| + 1e-7; integers and bools exactly.</summary>
internal static class OracleComparison
{
    public static void Compare(string id, OrtResult reference, Tensor ours, double tol)
    {
        string what = $"{id}: '{reference.Name}'";
        Assert.True(reference.Shape.Select(d => (int)d).SequenceEqual(ours.Shape),
            $"{what} has shape [{string.Join(", ", ours.Shape)}], ONNX Runtime [{string.Join(", ", reference.Shape)}]");
        double maxRef = 0, maxDiff = 0;
        int at = -1;
        for (int i = 0; i < reference.Values.Length; i++)
        {
            double r = reference.Values[i], o = ours.GetDouble(i);
            if (double.IsNaN(r) && double.IsNaN(o)) continue;
            if (r == o) { maxRef = Math.Max(maxRef, Math.Abs(r)); continue; }
            double d = double.IsNaN(r) || double.IsNaN(o) || double.IsInfinity(r) || double.IsInfinity(o) ? double.PositiveInfinity : Math.Abs(r - o);
            if (d > maxDiff) { maxDiff = d; at = i; }
            maxRef = Math.Max(maxRef, Math.Abs(r));
        }
        double allowed = reference.IsFloat ? tol * maxRef + 1e-7 : 0;
        if (maxDiff > allowed)
            throw new Xunit.Sdk.XunitException($"{what}: max |ours − ORT| = {maxDiff:G4} at {at} (ours {ours.GetDouble(at):G6}, ORT {reference.Values[at]:G6}), " +
                $"allowed {allowed:G3} ({(reference.IsFloat ? $"{tol:G2} × max |ORT| {maxRef:G4}" : "exact")}).");
    }
}
