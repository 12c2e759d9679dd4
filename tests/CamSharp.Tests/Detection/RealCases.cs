using System.Text.Json;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;

namespace CamSharp.Tests.Detection;

/// <summary>The detector cases of shared/fixtures/real/index.json and how to reproduce their inputs.</summary>
internal static class RealCases
{
    public static readonly string[] Detectors = ["yolov8n_dequant_fp32", "yolox_nano", "fastestdet"];

    public static IEnumerable<string> Ids() => TestModels.RealIndex.GetProperty("cases").EnumerateArray()
        .Where(c => Detectors.Contains(c.GetProperty("model").GetString()))
        .Select(c => c.GetProperty("id").GetString()!);

    public static JsonElement Case(string id) => TestModels.RealIndex.GetProperty("cases").EnumerateArray()
        .Single(c => c.GetProperty("id").GetString() == id);

    public static string Model(string id) => Path.Combine(Fixtures.Shared, "..", Case(id).GetProperty("model_file").GetString()!);

    public static string Image(string id) => Path.Combine(Fixtures.Shared, "..", Case(id).GetProperty("image").GetString()!);

    /// <summary>The geometry the reference used, rebuilt from the case's numbers.</summary>
    public static InputGeometry Geometry(string id)
    {
        var c = Case(id);
        var hw = c.GetProperty("image_size_hw");
        int h = hw[0].GetInt32(), w = hw[1].GetInt32();
        var size = c.GetProperty("preprocessing").GetProperty("input_size");
        int sh = size[0].GetInt32(), sw = size[1].GetInt32();
        if (c.GetProperty("letterbox").ValueKind != JsonValueKind.Object) return InputGeometry.Resize(w, h, sw, sh);
        var lb = c.GetProperty("letterbox");
        var nwh = lb.GetProperty("new_size_wh");
        return InputGeometry.Letterboxed(new LetterboxInfo(w, h, sw, sh, lb.GetProperty("r").GetDouble(),
            nwh[0].GetInt32(), nwh[1].GetInt32(), lb.GetProperty("dx").GetInt32(), lb.GetProperty("dy").GetInt32()));
    }

    /// <summary>Our preprocessing options for each model (real/README.md's table).</summary>
    public static PreprocessOptions Options(string id) => Case(id).GetProperty("model").GetString() switch
    {
        "yolov8n_dequant_fp32" => PreprocessOptions.Yolo,
        "yolox_nano" => PreprocessOptions.Yolo with { Geometry = CamSharp.Imaging.Preprocessing.Geometry.LetterboxTopLeft, Bgr = true, Scale = 1f },
        _ => PreprocessOptions.Raw with { Bgr = true },
    };

    /// <summary>The CLI arguments giving the same preprocessing.</summary>
    public static string[] CliOptions(string id) => Case(id).GetProperty("model").GetString() switch
    {
        "yolov8n_dequant_fp32" => ["--preprocess", "yolo"],
        "yolox_nano" => ["--preprocess", "yolo", "--letterbox", "top-left", "--bgr", "--scale", "1"],
        _ => ["--preprocess", "raw", "--bgr", "--score-thr", "0.65"],
    };

    public static float ScoreThreshold(string id) => Case(id).GetProperty("score_thr").GetSingle();
}
