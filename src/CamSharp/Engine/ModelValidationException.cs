namespace CamSharp.Engine;

/// <summary>
/// A model failed several of its checks at load. Every problem found is listed, each naming
/// the node or value concerned, so one run shows the whole picture rather than the first
/// symptom. A single problem is reported as a plain <see cref="ModelException"/>.
/// </summary>
public sealed class ModelValidationException : ModelException
{
    /// <summary>How many problems the message spells out; the rest are counted.</summary>
    public const int MaxListed = 12;

    public ModelValidationException(string source, IReadOnlyList<string> problems)
        : base(Describe(source, problems)) => Problems = problems;

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The exception for these problems: a plain <see cref="ModelException"/> for one, else this type.</summary>
    public static ModelException For(string source, IReadOnlyList<string> problems) =>
        problems.Count == 1 ? new ModelException(Describe(source, problems)) : new ModelValidationException(source, problems);

    private static string Describe(string source, IReadOnlyList<string> problems)
    {
        if (problems.Count == 1) return $"{source}: {problems[0]}.";
        string more = problems.Count > MaxListed ? $"\n  ... and {problems.Count - MaxListed} more" : "";
        return $"{source} has {problems.Count} problems:\n  " + string.Join("\n  ", problems.Take(MaxListed)) + more;
    }
}
