using CamSharp.Tensors;

namespace CamSharp.Imaging.Preprocessing;

/// <summary>An image prepared for a model: the tensor, the image the model saw, and the geometry between them.</summary>
public sealed record PreparedInput(Tensor Tensor, RgbImage Original, RgbImage NetworkImage, InputGeometry Geometry, PreprocessOptions Options);

/// <summary>
/// Turns decoded images into NCHW float tensors. Each element is computed in float32 one
/// step at a time, <c>v = p; v /= scale; v −= mean[c]; v /= std[c]</c>, as the reference
/// tools do, so tensors match theirs bit for bit.
/// </summary>
public static class Preprocessor
{
    /// <summary>Prepares one image for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static PreparedInput Prepare(RgbImage image, int height, int width, PreprocessOptions options)
    {
        if (options.Mean.Count != 3 || options.Std.Count != 3)
            throw new ArgumentException("Mean and std need exactly 3 values each.");
        if (options.Std.Any(s => s == 0)) throw new ArgumentException("Std values must not be zero.");
        if (options.Scale <= 0) throw new ArgumentException("The scale divisor must be positive.");

        RgbImage net;
        InputGeometry geometry;
        switch (options.Geometry)
        {
            case Geometry.Resize:
                net = image.Width == width && image.Height == height ? image : ImageResize.Resize(image, width, height);
                geometry = InputGeometry.Resize(image.Width, image.Height, width, height);
                break;
            case Geometry.ResizeCentreCrop:
                var (cropped, crop) = CentreCrop.Apply(image, width, height, options.CropResizeFor(height, width));
                net = cropped;
                geometry = InputGeometry.Cropped(crop);
                break;
            default:
                var (boxed, info) = Letterbox.Apply(image, width, height, options.PadValue, options.Geometry == Geometry.LetterboxCenter);
                net = boxed;
                geometry = InputGeometry.Letterboxed(info);
                break;
        }
        return new PreparedInput(ToTensor(net, options), image, net, geometry, options);
    }

    /// <summary>The tensor of an image already at network size.</summary>
    public static Tensor ToTensor(RgbImage net, PreprocessOptions options)
    {
        int plane = net.Width * net.Height;
        var data = new float[3 * plane];
        var px = net.Pixels;
        for (int c = 0; c < 3; c++)
        {
            int source = options.Bgr ? 2 - c : c;
            float scale = options.Scale, mean = options.Mean[c], std = options.Std[c];
            var dst = data.AsSpan(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                float v = px[3 * i + source];
                v /= scale;
                v -= mean;
                v /= std;
                dst[i] = v;
            }
        }
        return Tensor.FromFloats(data, 1, 3, net.Height, net.Width);
    }
}
