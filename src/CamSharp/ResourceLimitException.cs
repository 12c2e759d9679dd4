namespace CamSharp;

/// <summary>
/// Something would need more than a <see cref="ResourceLimits"/> cap allows: a plan's peak
/// memory, one tensor, a model's weights, a declared rank or dimension. Thrown before the
/// memory is allocated; the message names the file, node or value and both numbers.
/// </summary>
public sealed class ResourceLimitException : CamSharpException
{
    public ResourceLimitException(string limit, long requested, long allowed, string message)
        : base(message)
    {
        Limit = limit;
        Requested = requested;
        Allowed = allowed;
    }

    /// <summary>The <see cref="ResourceLimits"/> property that was exceeded ("MemoryBytes").</summary>
    public string Limit { get; }

    /// <summary>What was asked for, in the limit's unit (bytes, elements, pixels, axes).</summary>
    public long Requested { get; }

    /// <summary>The cap in force.</summary>
    public long Allowed { get; }
}
