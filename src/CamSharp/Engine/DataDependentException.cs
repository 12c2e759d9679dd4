namespace CamSharp.Engine;

/// <summary>
/// Shape inference needs the value of an input that is only known when the model runs (a
/// shape computed from the image, a k read from a tensor). The planner catches it and
/// defers the node: its shapes are inferred again at run time, with every input known.
/// </summary>
public sealed class DataDependentException(string message) : ModelException(message);
