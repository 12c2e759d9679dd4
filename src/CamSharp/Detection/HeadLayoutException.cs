using CamSharp.Engine;

namespace CamSharp.Detection;

/// <summary>No output of the model has a layout a detection head can decode (or the one asked for does not fit).</summary>
public sealed class HeadLayoutException(string message) : InputException(message);
