using System.Text.Json;

namespace CamSharp.Cli.Evaluation;

/// <summary>
/// <c>evaluate --boxes FILE.json</c>: ground-truth boxes for the pointing game. One JSON object
/// whose keys are image names (as in --labels: relative path or file name) and whose values are
/// lists of boxes, each <c>[x0, y0, x1, y1]</c> or <c>{"box": [x0, y0, x1, y1], "class": 3}</c>,
/// in the original image's pixels with x1 and y1 exclusive:
/// <code>{ "cat.jpg": [[12, 30, 200, 180]], "sub/two.png": [{"box": [0, 0, 50, 40], "class": 281}] }</code>
/// For a classifier, boxes with a class count only when it is the explained class.
/// </summary>
internal sealed class GroundTruthBoxes
{
    public readonly record struct Box(double X0, double Y0, double X1, double Y1, int? Class);

    private readonly Dictionary<string, Box[]> _boxes;

    private GroundTruthBoxes(Dictionary<string, Box[]> boxes) => _boxes = boxes;

    public static GroundTruthBoxes Load(string path)
    {
        string text = InputFiles.ReadText(path, "--boxes");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException($"--boxes {path} is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new CliException($"--boxes {path}: expected an object mapping image names to lists of boxes.");
            var boxes = new Dictionary<string, Box[]>(StringComparer.Ordinal);
            foreach (var image in doc.RootElement.EnumerateObject())
            {
                if (image.Value.ValueKind != JsonValueKind.Array)
                    throw new CliException($"--boxes {path}: '{image.Name}' must map to a list of boxes.");
                boxes[ImageKeys.Normalise(image.Name)] = image.Value.EnumerateArray().Select(b => ParseBox(b, path, image.Name)).ToArray();
            }
            return new GroundTruthBoxes(boxes);
        }
    }

    /// <summary>The image's boxes (null when the file does not list it).</summary>
    public Box[]? For(ImageKeys keys) => keys.Candidates.Select(k => _boxes.GetValueOrDefault(k)).FirstOrDefault(b => b is not null);

    private static Box ParseBox(JsonElement e, string path, string image)
    {
        int? cls = null;
        var coords = e;
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (!e.TryGetProperty("box", out coords)) throw new CliException($"--boxes {path}: a box of '{image}' has no \"box\" field.");
            if (e.TryGetProperty("class", out var c))
                cls = c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out int k) ? k : throw new CliException($"--boxes {path}: a class of '{image}' is not an integer.");
        }
        if (coords.ValueKind != JsonValueKind.Array || coords.GetArrayLength() != 4 || coords.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
            throw new CliException($"--boxes {path}: boxes of '{image}' must be [x0, y0, x1, y1] (numbers).");
        var v = coords.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        if (!(v[2] > v[0] && v[3] > v[1])) throw new CliException($"--boxes {path}: box [{string.Join(", ", v)}] of '{image}' is empty (x1 ≤ x0 or y1 ≤ y0).");
        return new Box(v[0], v[1], v[2], v[3], cls);
    }
}
