using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// A <see cref="Session"/> is documented as usable from several threads at once: plans are
/// built concurrently for new shapes, passes run and back-propagate side by side, and each
/// result equals the same work done alone.
/// </summary>
public sealed class SessionConcurrencyTests
{
    private sealed record Job(int Size, int Seed, int Class);

    private static (float[] Logits, float[] InputGrad) RunJob(Session session, Job job)
    {
        var rng = new Random(job.Seed);
        var x = Tensor.FromFloats(Enumerable.Range(0, 3 * job.Size * job.Size).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray(), 1, 3, job.Size, job.Size);
        using var pass = session.Run(x, new RunOptions { GradientsFor = [session.InputName] });
        using var grads = pass.Backward([new ClassTarget(job.Class)]);
        return (pass.Outputs[0].ToFloatArray(), grads[session.InputName].ToFloatArray());
    }

    [Fact]
    public void Session_UsedFromEightThreadsAtOnce_GivesTheResultsOfRunningAlone()
    {
        var jobs = Enumerable.Range(0, 24).Select(i => new Job(new[] { 32, 40, 48 }[i % 3], 100 + i, i % 10)).ToArray();
        var alone = Model.Load(Fixtures.File("models/digitcnn.onnx")).Session;
        var expected = jobs.Select(j => RunJob(alone, j)).ToArray();

        // A fresh session, so the threads also race to build and cache the plans.
        var shared = Model.Load(Fixtures.File("models/digitcnn.onnx")).Session;
        var actual = new (float[] Logits, float[] InputGrad)[jobs.Length];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = t; i < jobs.Length; i += 8) actual[i] = RunJob(shared, jobs[i]);
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();

        for (int i = 0; i < jobs.Length; i++)
        {
            Assertions.AssertRelative(actual[i].Logits, expected[i].Logits, 1e-5, $"logits of job {i}");
            Assertions.AssertRelative(actual[i].InputGrad, expected[i].InputGrad, 1e-5, $"input gradient of job {i}");
        }
    }
}
