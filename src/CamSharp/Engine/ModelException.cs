namespace CamSharp.Engine;

/// <summary>
/// The model file or graph is invalid or unsupported. Messages name the file, node or
/// value concerned.
/// </summary>
public class ModelException : CamSharpException
{
    public ModelException(string message) : base(message) { }

    public ModelException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// An input given to a model (tensor shape, layer name, target) does not fit it.
/// </summary>
public class InputException : CamSharpException
{
    public InputException(string message) : base(message) { }

    public InputException(string message, Exception inner) : base(message, inner) { }
}
