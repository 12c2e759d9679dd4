namespace CamSharp.Features;

/// <summary>One stage of a dump: its index among the top-level modules, its path, the value drawn and the module's type.</summary>
public sealed record DumpStage(int Index, string Path, string Value, string Type);
