using CamSharp.Imaging;

namespace CamSharp.Reports;

/// <summary>
/// Everything an HTML report shows, computed once: the model, the input and how it was
/// prepared, the top predictions, and one map per class × layer × method.
/// </summary>
public sealed record ExplanationReport(
    ReportModel Model,
    ReportInput Input,
    IReadOnlyList<ReportClass> Predictions,
    IReadOnlyList<ReportClass> Classes,
    IReadOnlyList<ReportLayer> Layers,
    IReadOnlyList<string> Methods,
    IReadOnlyList<ReportMap> Maps,
    TimeSpan Elapsed)
{
    /// <summary>The map of one cell of the grid, if it was computed.</summary>
    public ReportMap? Find(int classIndex, string layer, string method) =>
        Maps.FirstOrDefault(m => m.Class == classIndex && m.Layer == layer && m.Method == method);
}

/// <summary>The model's file name, a one-line description of its inputs and outputs, and its layer tree listing.</summary>
public sealed record ReportModel(string Name, string Description, IReadOnlyList<string> LayerTree);

/// <summary>The image as given, the image the network saw, and the preprocessing between them.</summary>
public sealed record ReportInput(string Name, RgbImage Original, RgbImage NetworkInput, string Preprocessing, string Geometry);

/// <summary>A class: index, name and the model's probability for it.</summary>
public sealed record ReportClass(int Index, string Name, float Probability);

/// <summary>A layer as the user named it and the values it stands for.</summary>
public sealed record ReportLayer(string Name, IReadOnlyList<string> Values);

/// <summary>
/// One map: its method, layer and class, the overlay picture, the target's value, the time
/// the method took, and whatever metrics were computed for it (possibly none).
/// </summary>
public sealed record ReportMap(string Method, string Layer, int Class, RgbImage Overlay, float Score, TimeSpan Elapsed,
    IReadOnlyDictionary<string, double> Metrics);
