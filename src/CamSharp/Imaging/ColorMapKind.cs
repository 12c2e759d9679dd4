namespace CamSharp.Imaging;

/// <summary>The colour maps CamSharp draws heat maps with.</summary>
public enum ColorMapKind
{
    Jet,
    Viridis,
    Inferno,
    Turbo,
    Hot,
    Gray,
}
