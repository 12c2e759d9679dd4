namespace CamSharp;

/// <summary>
/// The base of every failure CamSharp reports about what it was given: a model, an input, an
/// image, a limit. Messages name the file, node, layer or parameter concerned, in the
/// library's own terms (never a command-line flag); front ends catch this one type and may
/// translate <see cref="Parameter"/> into their own words.
/// </summary>
public class CamSharpException : Exception
{
    public CamSharpException(string message) : base(message) { }

    public CamSharpException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The library parameter or option the failure is about (<c>nameof(ExplainerOptions.Layers)</c>), when there is one.</summary>
    public string? Parameter { get; init; }
}
