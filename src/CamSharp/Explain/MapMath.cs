using CamSharp.Imaging;

namespace CamSharp.Explain;

/// <summary>The map arithmetic of pytorch-grad-cam's pipeline: ReLU, min–max scaling, resizing.</summary>
public static class MapMath
{
    /// <summary>max(x, 0) in place.</summary>
    public static void Relu(Span<float> map)
    {
        for (int i = 0; i < map.Length; i++) if (!(map[i] > 0)) map[i] = 0;
    }

    /// <summary>(x − min) / (1e-7 + max(x − min)) in place, as <c>scale_cam_image</c> does.</summary>
    public static void MinMax(Span<float> map)
    {
        if (map.IsEmpty) return;
        float min = System.Numerics.Tensors.TensorPrimitives.Min(map);
        System.Numerics.Tensors.TensorPrimitives.Subtract(map, min, map);
        float max = System.Numerics.Tensors.TensorPrimitives.Max(map);
        float denominator = 1e-7f + max;
        System.Numerics.Tensors.TensorPrimitives.Divide(map, denominator, map);
    }

    /// <summary>Bilinear resize with OpenCV INTER_LINEAR semantics (a copy when the size is the same).</summary>
    public static float[] Resize(float[] map, int height, int width, int toHeight, int toWidth)
    {
        if (height == toHeight && width == toWidth) return (float[])map.Clone();
        return ImageResize.Resize(new FloatMap(width, height, map), toWidth, toHeight).Data;
    }
}
