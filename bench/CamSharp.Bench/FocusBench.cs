using System.Diagnostics;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// YOLOX's Focus stem alone, written as its export writes it (a row Slice and a column Slice per
/// phase, a Concat on channels) at 416: run as one FocusSpaceToDepth against its eight Slices (a
/// tap on one slice output keeps them), forward and forward + input gradient, batch 1 and 8.
/// <c>focus [--runs N] [--cpu]</c>; medians in µs, wall time unless <c>--cpu</c>.
/// </summary>
internal static class FocusBench
{
    public static void Run(string[] args)
    {
        int runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1]) : 100;
        bool cpu = args.Contains("--cpu");
        var graph = Stem();
        var session = new Session(graph);
        string slice = graph.Nodes[1].Outputs[0];
        Console.WriteLine($"Focus stem at 416, {Environment.ProcessorCount} threads, {(cpu ? "CPU" : "wall")} time, median of {runs} runs (µs)");
        Console.WriteLine($"  {"batch",5} {"fused fwd",10} {"slices fwd",11} {"fused fwd+bwd",14} {"slices fwd+bwd",15}");
        foreach (int batch in new[] { 1, 8 })
        {
            var x = Tensor.FromFloats(Enumerable.Range(0, batch * 3 * 416 * 416).Select(i => (float)Math.Sin(i)).ToArray(), batch, 3, 416, 416);
            var inputs = new Dictionary<string, Tensor> { ["x"] = x };
            double Forward(RunOptions options) => Median(() => { using var pass = session.Run(inputs, options); }, runs, cpu);
            double Backward(RunOptions options) => Median(() =>
            {
                using var pass = session.Run(inputs, options);
                using var grads = pass.Backward([Tensor.Zeros(DataType.Float32, pass.Outputs[0].Shape)]);
            }, runs, cpu);
            double fused = Forward(RunOptions.Default), sliced = Forward(new RunOptions { Taps = [slice] });
            // A gradient asked for a slice output keeps the backward sweep on the Slices too.
            double fusedBack = Backward(new RunOptions { GradientsFor = ["x"] }), slicedBack = Backward(new RunOptions { Taps = [slice], GradientsFor = ["x", slice] });
            Console.WriteLine($"  {batch,5} {fused,10:F1} {sliced,11:F1} {fusedBack,14:F1} {slicedBack,15:F1}");
        }
    }

    /// <summary>x [N, 3, H, W] → x[..., r::2, :] → [..., c::2] for phases (0,0), (1,0), (0,1), (1,1) → Concat on axis 1 → y.</summary>
    private static Graph Stem()
    {
        var initializers = new Dictionary<string, Tensor>
        {
            ["zero"] = Tensor.Vector([0L]), ["one"] = Tensor.Vector([1L]), ["end"] = Tensor.Vector([long.MaxValue]),
            ["rows"] = Tensor.Vector([2L]), ["columns"] = Tensor.Vector([3L]), ["two"] = Tensor.Vector([2L]),
        };
        var nodes = new List<Node>();
        var parts = new List<string>();
        foreach (var (r, c) in new[] { ("zero", "zero"), ("one", "zero"), ("zero", "one"), ("one", "one") })
        {
            int k = parts.Count;
            nodes.Add(new Node($"Slice_r{k}", "Slice", ["x", r, "end", "rows", "two"], [$"r{k}"]));
            nodes.Add(new Node($"Slice_c{k}", "Slice", [$"r{k}", c, "end", "columns", "two"], [$"p{k}"]));
            parts.Add($"p{k}");
        }
        nodes.Add(new Node("Concat_40", "Concat", [.. parts], ["y"], new Attributes().Set("axis", 1L)));
        return new Graph(nodes, initializers, [new GraphInput("x", DataType.Float32, [-1, 3, 416, 416])], ["y"], 11, "focus stem");
    }

    private static double Median(Action run, int runs, bool cpu)
    {
        for (int i = 0; i < Math.Max(5, runs / 10); i++) run();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            double cpu0 = cpu ? CpuClock.Seconds() : 0;
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = cpu ? (CpuClock.Seconds() - cpu0) * 1e6 : Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
