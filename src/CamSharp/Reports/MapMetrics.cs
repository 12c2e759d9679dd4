using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Reports;

/// <summary>
/// Scores one map (e.g. faithfulness metrics: confidence change, ROAD); the report shows
/// every returned value under its name, in the order given.
/// </summary>
public delegate IReadOnlyDictionary<string, double> MapMetrics(MapMetricsContext context);

/// <summary>
/// One map to score: the model, its 1×C×H×W input, the target the map explains, and the
/// map itself (H×W at the input size, values in [0, 1]).
/// </summary>
public sealed record MapMetricsContext(Model Model, Tensor Input, OutputTarget Target, float[] Map, int Height, int Width, string Method, string Layer);
