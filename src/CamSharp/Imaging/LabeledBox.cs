namespace CamSharp.Imaging;

/// <summary>A box to draw (x1, y1 exclusive) with its label and colour.</summary>
public readonly record struct LabeledBox(int X0, int Y0, int X1, int Y1, string Label, Rgb Color);
