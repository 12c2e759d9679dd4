namespace CamSharp.Imaging.Text;

/// <summary>
/// One character at one pixel size: its anti-aliased coverage (0..255, row-major), where that
/// bitmap sits relative to the pen on the baseline, and how far the pen then moves.
/// </summary>
/// <param name="Advance64">Pen advance in 1/64 pixel.</param>
/// <param name="Left">Columns from the pen to the bitmap's left edge.</param>
/// <param name="Top">Rows from the bitmap's top edge down to the baseline.</param>
/// <param name="Width">Bitmap columns.</param>
/// <param name="Height">Bitmap rows.</param>
/// <param name="Coverage">Width × Height coverage bytes.</param>
internal sealed record Glyph(int Advance64, int Left, int Top, int Width, int Height, byte[] Coverage);
