namespace CamSharp.Tests.Explain.References;

/// <summary>
/// The 31-bit generator the reference scripts use for masks and noise given to a method
/// (s = (s·1103515245 + 12345) mod 2³¹, u = s / 2³¹), so a test rebuilds the same values.
/// </summary>
public sealed class Lcg(long seed)
{
    private long _state = seed;

    public double Next()
    {
        _state = (_state * 1103515245 + 12345) % (1L << 31);
        return _state / (double)(1L << 31);
    }
}
