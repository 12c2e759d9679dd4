namespace CamSharp.Bench;

/// <summary>
/// Speed is measured here, never in unit tests. Run from the repository root:
/// <c>dotnet run -c Release --project bench/CamSharp.Bench -- forward|backward|cam|boxam|imaging|metrics|all</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string task = args.Length > 0 ? args[0] : "all";
        var rest = args.Skip(1).ToArray();
        switch (task)
        {
            case "forward": ModelBench.Forward(rest); break;
            case "backward": ModelBench.Backward(rest); break;
            case "imaging": ImagingBench.Run(rest); break;
            case "cam": CamBench.Run(rest); break;
            case "boxam": BoxamBench.Run(rest); break;
            case "metrics": MetricsBench.Run(rest); break;
            case "all":
                ModelBench.Forward(rest);
                ModelBench.Backward(rest);
                CamBench.Run(rest);
                BoxamBench.Run(rest);
                ImagingBench.Run(rest);
                MetricsBench.Run(rest);
                break;
            default:
                Console.Error.WriteLine($"unknown task '{task}': use forward, backward, cam, boxam, imaging, metrics or all");
                return 2;
        }
        return 0;
    }
}
