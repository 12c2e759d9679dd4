namespace CamSharp.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A run over many images finished, but some (not all) failed: the others were written, the failures listed on stderr.</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad input, bad model, bad arguments, or a failure: one message on stderr.</summary>
    public const int Error = 2;
}
