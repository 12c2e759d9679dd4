namespace CamSharp.Detection.Targets;

/// <summary>A target that names kept boxes and the head that decodes them, for black-box box methods (D-RISE).</summary>
public interface IBoxTarget
{
    DetectionHead Head { get; }

    IReadOnlyList<Detection> Boxes { get; }
}
