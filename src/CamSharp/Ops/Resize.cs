using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Resize. Opset 10: inputs (X, scales), asymmetric coordinates, the old nearest rule.
/// Opset 11+: inputs (X, roi, scales, sizes) with coordinate_transformation_mode (default
/// half_pixel), nearest_mode (default round_prefer_floor), cubic_coeff_a, exclude_outside,
/// extrapolation_value; opset 18 adds axes and keep_aspect_ratio_policy. Modes nearest,
/// linear and cubic on any axes (separably). Scales, sizes and roi must be constants.
/// </summary>
internal sealed class Resize : Operator
{
    private readonly int _opset;
    private readonly ResizeSettings _settings;
    private readonly long[]? _axes;
    private readonly string _aspectPolicy;
    private readonly bool _antialias;

    public Resize(Node node, int opset) : base(node)
    {
        _opset = opset;
        var a = node.Attributes;
        var mode = ResizeAttributes.Mode(this, a.GetString("mode", "nearest"));
        if (opset < 11)
        {
            _settings = new ResizeSettings(mode, CoordinateMode.Asymmetric, NearestMode.Simple);
        }
        else
        {
            _settings = new ResizeSettings(mode,
                ResizeAttributes.Coordinates(this, a.GetString("coordinate_transformation_mode", "half_pixel")),
                ResizeAttributes.Nearest(this, a.GetString("nearest_mode", "round_prefer_floor")),
                a.GetFloat("cubic_coeff_a", -0.75f),
                a.GetInt("exclude_outside", 0) != 0,
                a.GetFloat("extrapolation_value", 0f));
        }
        _axes = opset >= 18 ? a.GetInts("axes") : null;
        _aspectPolicy = opset >= 18 ? a.GetString("keep_aspect_ratio_policy", "stretch") : "stretch";
        if (_aspectPolicy is not ("stretch" or "not_larger" or "not_smaller"))
            throw Error($"keep_aspect_ratio_policy '{_aspectPolicy}' is not one of stretch, not_larger, not_smaller.");
        _antialias = opset >= 18 && a.GetInt("antialias", 0) != 0;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input is {x}; only Float32 is supported.");
        Tensor? Get(int i, string what) => ctx.HasInput(i) ? ctx.RequireConstant(i, what) : null;
        bool needRoi = _settings.Coordinates == CoordinateMode.TfCropAndResize;
        var plan = _opset < 11
            ? Plan(x.Shape, null, Get(1, "scales"), null)
            : Plan(x.Shape, needRoi ? Get(1, "roi") : null, Get(2, "scales"), Get(3, "sizes"));
        ctx.SetOutput(0, DataType.Float32, plan.OutShape);
    }

    public override void Forward(ForwardContext ctx) => Plan(ctx).Forward(ctx.Input(0), ctx.Output(0));

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        for (int i = 1; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) throw Error($"gradients with respect to input {i} (roi, scales or sizes) are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var plan = _opset < 11
            ? Plan(shape, null, ctx.OptionalInput(1), null)
            : Plan(shape, ctx.OptionalInput(1), ctx.OptionalInput(2), ctx.OptionalInput(3));
        ctx.SetInputGrad(0, ctx.OutputGrad(0) is { } dy ? plan.Backward(dy) : Tensor.Zeros(shape));
    }

    private readonly ResizePlanCache _plans = new();

    private ResizePlan Plan(ForwardContext ctx)
    {
        var shape = ctx.Input(0).Shape;
        if (_opset < 11)
        {
            var scales = ctx.OptionalInput(1);
            return _plans.Get(shape, [scales], () => Plan(shape, null, scales, null));
        }
        var (roi, s, sizes) = (ctx.OptionalInput(1), ctx.OptionalInput(2), ctx.OptionalInput(3));
        return _plans.Get(shape, [roi, s, sizes], () => Plan(shape, roi, s, sizes));
    }

    private ResizePlan Plan(int[] shape, Tensor? roi, Tensor? scalesInput, Tensor? sizesInput)
    {
        int rank = shape.Length;
        var axes = ResizeAttributes.Axes(this, _axes, rank);
        float[]? scales = scalesInput is { Length: > 0 } s ? s.ToFloatArray() : null;
        long[]? sizes = sizesInput is { Length: > 0 } z ? z.ToLongArray() : null;
        if ((scales is null) == (sizes is null))
            throw Error(scales is null ? "neither scales nor sizes is given." : "both scales and sizes are given; exactly one is allowed.");
        int given = scales?.Length ?? sizes!.Length;
        if (given != axes.Length)
            throw Error($"{(scales is null ? "sizes" : "scales")} has {given} values, expected {axes.Length} for input [{ShapeUtil.Format(shape)}].");

        var fullScales = Enumerable.Repeat(1f, rank).ToArray();
        var outShape = (int[])shape.Clone();
        if (scales is not null)
        {
            for (int i = 0; i < axes.Length; i++)
            {
                if (!(scales[i] > 0)) throw Error($"scales [{string.Join(", ", scales)}] must be positive.");
                fullScales[axes[i]] = scales[i];
                outShape[axes[i]] = (int)(scales[i] * shape[axes[i]]);
            }
        }
        else if (_aspectPolicy == "stretch")
        {
            for (int i = 0; i < axes.Length; i++)
            {
                int d = axes[i];
                if (sizes![i] < 0 || sizes[i] > int.MaxValue) throw Error($"sizes [{string.Join(", ", sizes)}] must be non-negative.");
                outShape[d] = (int)sizes[i];
                fullScales[d] = shape[d] == 0 ? 1f : (float)outShape[d] / shape[d];
            }
        }
        else
        {
            // One scale for all listed axes, the largest that fits (not_larger) or the smallest that covers (not_smaller).
            float scale = _aspectPolicy == "not_larger" ? float.MaxValue : float.MinValue;
            for (int i = 0; i < axes.Length; i++)
            {
                float r = (float)sizes![i] / shape[axes[i]];
                scale = _aspectPolicy == "not_larger" ? Math.Min(scale, r) : Math.Max(scale, r);
            }
            foreach (int d in axes)
            {
                fullScales[d] = scale;
                outShape[d] = (int)Math.Round(scale * shape[d], MidpointRounding.ToEven);
            }
        }
        if (_antialias && fullScales.Any(f => f < 1))
            throw Error("antialias=1 with downsampling is not supported.");

        var roiValues = _settings.Coordinates == CoordinateMode.TfCropAndResize ? roi?.ToFloatArray() : null;
        if (roiValues is not null && roiValues.Length != 2 * axes.Length)
            throw Error($"roi has {roiValues.Length} values, expected {2 * axes.Length}.");
        var taps = new AxisTaps?[rank];
        for (int d = 0; d < rank; d++)
        {
            int k = Array.IndexOf(axes, d);
            float start = roiValues is not null && k >= 0 ? roiValues[k] : 0f;
            float end = roiValues is not null && k >= 0 ? roiValues[k + axes.Length] : 1f;
            taps[d] = AxisTaps.Build(shape[d], outShape[d], fullScales[d], start, end, _settings);
        }
        return new ResizePlan(shape, outShape, taps, _settings.ExtrapolationValue);
    }
}

/// <summary>
/// ONNX Upsample (deprecated after opset 9): scales as an attribute (7) or input (9), modes
/// nearest and linear, asymmetric coordinates (x_in = x_out / scale), truncating nearest rule.
/// </summary>
internal sealed class Upsample : Operator
{
    private readonly int _opset;
    private readonly ResizeSettings _settings;

    public Upsample(Node node, int opset) : base(node)
    {
        _opset = opset;
        var mode = ResizeAttributes.Mode(this, node.Attributes.GetString("mode", "nearest"));
        if (mode == InterpolationMode.Cubic) throw Error("mode 'cubic' is not defined for Upsample.");
        _settings = new ResizeSettings(mode, CoordinateMode.Asymmetric, NearestMode.Simple);
        if (opset < 9 && node.Attributes.GetFloats("scales") is null) throw Error("attribute 'scales' is required before opset 9.");
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input is {x}; only Float32 is supported.");
        ctx.SetOutput(0, DataType.Float32, Plan(x.Shape, _opset >= 9 ? ctx.RequireConstant(1, "scales") : null).OutShape);
    }

    private readonly ResizePlanCache _plans = new();

    public override void Forward(ForwardContext ctx)
    {
        var shape = ctx.Input(0).Shape;
        var scales = _opset >= 9 ? ctx.Input(1) : null;
        _plans.Get(shape, [scales], () => Plan(shape, scales)).Forward(ctx.Input(0), ctx.Output(0));
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(1)) throw Error("gradients with respect to scales are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var plan = Plan(shape, _opset >= 9 ? ctx.Input(1) : null);
        ctx.SetInputGrad(0, ctx.OutputGrad(0) is { } dy ? plan.Backward(dy) : Tensor.Zeros(shape));
    }

    private ResizePlan Plan(int[] shape, Tensor? scalesInput)
    {
        var scales = scalesInput?.ToFloatArray() ?? Node.Attributes.GetFloats("scales")!;
        if (scales.Length != shape.Length)
            throw Error($"scales has {scales.Length} values, expected {shape.Length} for input [{ShapeUtil.Format(shape)}].");
        var outShape = new int[shape.Length];
        var taps = new AxisTaps?[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            if (!(scales[d] >= 1)) throw Error($"scales [{string.Join(", ", scales)}] must be at least 1.");
            outShape[d] = (int)(scales[d] * shape[d]);
            taps[d] = AxisTaps.Build(shape[d], outShape[d], scales[d], 0, 1, _settings);
        }
        return new ResizePlan(shape, outShape, taps, 0f);
    }
}

/// <summary>Attribute parsing shared by Resize and Upsample.</summary>
internal static class ResizeAttributes
{
    public static InterpolationMode Mode(Operator op, string mode) => mode switch
    {
        "nearest" => InterpolationMode.Nearest,
        "linear" or "bilinear" => InterpolationMode.Linear,
        "cubic" => InterpolationMode.Cubic,
        _ => throw new ModelException($"{op.Node}: mode '{mode}' is not one of nearest, linear, cubic."),
    };

    public static CoordinateMode Coordinates(Operator op, string mode) => mode switch
    {
        "half_pixel" => CoordinateMode.HalfPixel,
        "half_pixel_symmetric" => CoordinateMode.HalfPixelSymmetric,
        "pytorch_half_pixel" => CoordinateMode.PytorchHalfPixel,
        "align_corners" => CoordinateMode.AlignCorners,
        "asymmetric" => CoordinateMode.Asymmetric,
        "tf_half_pixel_for_nn" => CoordinateMode.TfHalfPixelForNn,
        "tf_crop_and_resize" => CoordinateMode.TfCropAndResize,
        _ => throw new ModelException($"{op.Node}: coordinate_transformation_mode '{mode}' is not supported."),
    };

    public static NearestMode Nearest(Operator op, string mode) => mode switch
    {
        "round_prefer_floor" => NearestMode.RoundPreferFloor,
        "round_prefer_ceil" => NearestMode.RoundPreferCeil,
        "floor" => NearestMode.Floor,
        "ceil" => NearestMode.Ceil,
        _ => throw new ModelException($"{op.Node}: nearest_mode '{mode}' is not supported."),
    };

    /// <summary>The resized axes (opset 18 attribute), normalised; all axes when absent.</summary>
    public static int[] Axes(Operator op, long[]? axes, int rank)
    {
        if (axes is null) return Enumerable.Range(0, rank).ToArray();
        var result = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            long a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank || Array.IndexOf(result, (int)a, 0, i) >= 0)
                throw new ModelException($"{op.Node}: axes [{string.Join(", ", axes)}] are out of range or repeated for rank {rank}.");
            result[i] = (int)a;
        }
        return result;
    }
}
