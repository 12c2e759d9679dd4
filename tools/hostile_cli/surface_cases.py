"""Cases for the CLI surface that came after the first run of issue 18: the output plan
(--out-file, --out-dir with nested folders, the default camsharp_output/<command>/ when the
working folder is read-only or is an input folder), name collisions in every command that writes
several files, --metrics, --device, underscore spellings, class names in --target-category and
--method all on detectors.
"""
import os
import shutil

from cases import CLASSIFY, case, count_files

SYS = "/sys"  # a folder nobody may write into, even root: the read-only working folder
PICTURES = {  # commands that write one file per input, with their model and a fitting image
    "cam": (["--model", "{small_onnx}"], "img_png"),
    "featmap": (["--model", "{small_onnx}"], "img_png"),
    "boxam": (["-m", "{tinyyolo_onnx}"], "det_png"),
    "detect": (["-m", "{tinyyolo_onnx}"], "det_png"),
    "report": (["--model", "{small_onnx}"], "img_png"),
}


def tree(names, source, folder="photos"):
    def setup(ctx):
        for n in names:
            full = os.path.join(ctx["dir"], folder, n)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            shutil.copy(ctx[source], full)
    return setup


def both(*setups):
    def setup(ctx):
        for s in setups:
            s(ctx)
    return setup


def count_dirs(folder, expected):
    """dump writes a folder per input: the folders that hold files."""
    def check(ctx):
        path = folder.format(**ctx)
        n = sum(1 for _, _, files in os.walk(path) if files) if os.path.isdir(path) else 0
        return None if n == expected else f"{n} folders with files in {path}, expected {expected}"
    return check


def count_matching(folder, prefix, expected):
    def check(ctx):
        path = folder.format(**ctx)
        n = sum(1 for f in os.listdir(path) if f.startswith(prefix))
        return None if n == expected else f"{n} files {prefix}* in {path}, expected {expected}"
    return check


NESTED = ("a/x.png", "a/b/y.png", "z.png")

# The output plan, per command that writes a file per input.
for cmd, (model, src) in PICTURES.items():
    ending = ".html" if cmd == "report" else ".png"
    nested = [n.replace(".png", "." + src.split("_")[-1]) for n in NESTED]
    case("outputs", f"{cmd} --out-file with a folder", [cmd, *model, "{dir}/photos", "--out-file", "{dir}/o" + ending],
         setup=tree(nested, src), must_refuse=True, mentions=("--out-dir",))
    case("outputs", f"{cmd} --out-file with two images", [cmd, *model, "{" + src + "}", "{bus_jpg}", "--out-file", "{dir}/o" + ending],
         must_refuse=True, mentions=("--out-dir",))
    case("outputs", f"{cmd} --out-file and --out-dir", [cmd, *model, "{" + src + "}", "--out-file", "{dir}/o" + ending, "--out-dir", "{dir}/o"],
         must_refuse=True, mentions=("--out-dir",))
    case("outputs", f"{cmd} --out-dir is a file", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/taken"],
         setup=both(tree(nested, src), lambda c: open(os.path.join(c["dir"], "taken"), "w").write("x")), must_refuse=True,
         mentions=("taken",), protect=("{dir}/taken",))
    case("outputs", f"{cmd} --out-file is a folder", [cmd, *model, "{" + src + "}", "--out-file", "{dir}/photos"],
         setup=tree(nested, src), must_refuse=True, mentions=("photos",))
    if cmd != "report":
        case("outputs", f"{cmd} --out-file with no image ending", [cmd, *model, "{" + src + "}", "--out-file", "{dir}/o.txt"],
             must_refuse=True, mentions=("o.txt",))
    case("outputs", f"{cmd} --out-dir mirrors nested folders", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=tree(nested, src), must_succeed=True, check=count_files("{dir}/o", 3))
    case("outputs", f"{cmd} --out-dir nested output folder inside nested input", [cmd, *model, "{dir}/photos/a", "--out-dir", "{dir}/photos/a/b/o"],
         setup=tree(nested, src), must_refuse=True, mentions=("photos",), protect=("{dir}/photos",))
    # Collisions: names that mirroring and renaming bring together.
    case("collisions", f"{cmd} two folders with the same names", [cmd, *model, "{dir}/p1", "{dir}/p2", "--out-dir", "{dir}/o"],
         setup=both(tree(["x.png"], src, "p1"), tree(["x.png"], src, "p2")), must_succeed=True, check=count_files("{dir}/o", 2))
    case("collisions", f"{cmd} x.png, x.PNG and x-2.png", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=tree(["x.png", "x.PNG", "x-2.png"], src), must_succeed=True, check=count_files("{dir}/o", 3))
    case("collisions", f"{cmd} x.png and x.ppm (written as .png)", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=both(tree(["x.png"], src), lambda c, src=src: shutil.copy(c[src.split("_")[0] + "_ppm"], os.path.join(c["dir"], "photos", "x.ppm"))),
         must_succeed=True, check=count_files("{dir}/o", 2))
    case("collisions", f"{cmd} the same image by two paths", [cmd, *model, "{" + src + "}", "{indir}/../in/" + src.replace("_", "."), "--out-dir", "{dir}/o"],
         must_succeed=True)
    # The default folder (detect draws pictures only when asked for with --out-file or --out-dir).
    if cmd == "detect":
        continue
    case("default-out", f"{cmd} read-only working folder", [cmd, *model, "{" + src + "}"], cwd=SYS, must_refuse=True, mentions=("camsharp_output",))
    case("default-out", f"{cmd} working folder is the input folder", [cmd, *model, "."], cwd="{dir}/photos",
         setup=tree(["x.png", "y.png"], src), must_succeed=True, check=count_files("{dir}/photos/camsharp_output", 2), protect=("{dir}/photos/x.png",))
    case("default-out", f"{cmd} an earlier run's outputs in the input folder", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=tree(["x.png", "camsharp_output/" + cmd + "/x.png"], src), check=count_files("{dir}/o", 1))
    case("default-out", f"{cmd} camsharp_output is a file", [cmd, *model, "{" + src + "}"],
         setup=lambda c: open(os.path.join(c["dir"], "camsharp_output"), "w").write("x"), must_refuse=True,
         mentions=("camsharp_output",), protect=("{dir}/camsharp_output",))

case("outputs", "dump --out-dir mirrors nested folders", ["dump", "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
     setup=tree(NESTED, "img_png"), must_succeed=True, check=count_dirs("{dir}/o", 3))
case("collisions", "dump two folders with the same names", ["dump", "--model", "{small_onnx}", "{dir}/p1", "{dir}/p2", "--out-dir", "{dir}/o"],
     setup=both(tree(["x.png"], "img_png", "p1"), tree(["x.png"], "img_png", "p2")), must_succeed=True, check=count_dirs("{dir}/o", 2))
case("collisions", "dump x.png and x.jpg", ["dump", "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
     setup=both(tree(["x.png"], "img_png"), lambda c: shutil.copy(c["bus_jpg"], os.path.join(c["dir"], "photos", "x.jpg"))),
     must_succeed=True, check=count_dirs("{dir}/o", 2))
case("collisions", "grad two images of one name", ["grad", "{small_onnx}", "{dir}/p1/x.png", "{dir}/p2/x.png", "--target-layers", "features.1", "--out-dir", "{dir}/o"],
     setup=both(tree(["x.png"], "img_png", "p1"), tree(["x.png"], "img_png", "p2")), must_succeed=True, check=count_dirs("{dir}/o", 2))
case("collisions", "featmap --save-raw with a folder", ["featmap", "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o", "--save-raw", "{dir}/r.npy"],
     setup=tree(NESTED, "img_png"), check=count_matching("{dir}", "r.", 3))
case("default-out", "evaluate read-only working folder", ["evaluate", "-m", "{small_onnx}", "{img_png}"], cwd=SYS, must_refuse=True, mentions=("camsharp_output", "--out"))
case("default-out", "dump read-only working folder", ["dump", "--model", "{small_onnx}", "{img_png}"], cwd=SYS, must_refuse=True, mentions=("camsharp_output",))
case("default-out", "run --save-outputs relative in a read-only folder", ["run", "{small_onnx}", "{img_png}", "--save-outputs", "o"], cwd=SYS, must_refuse=True, mentions=("--save-outputs", "'o'"))
case("default-out", "evaluate working folder is the input folder", ["evaluate", "-m", "{small_onnx}", "."], cwd="{dir}/photos",
     setup=tree(["x.png", "y.png"], "img_png"), must_succeed=True)
case("default-out", "dump working folder is the input folder", ["dump", "--model", "{small_onnx}", "."], cwd="{dir}/photos",
     setup=tree(["x.png", "y.png"], "img_png"), must_succeed=True, check=count_dirs("{dir}/photos/camsharp_output", 2))

# --save-input writes one tensor: with several inputs it is refused, not overwritten by each.
SAVE_INPUT = {
    "cam": ["cam", "--model", "{small_onnx}"], "featmap": ["featmap", "--model", "{small_onnx}"], "boxam": ["boxam", "-m", "{tinyyolo_onnx}"],
    "detect": ["detect", "-m", "{tinyyolo_onnx}"], "dump": ["dump", "--model", "{small_onnx}"], "report": ["report", "--model", "{small_onnx}"],
    "evaluate": ["evaluate", "-m", "{small_onnx}"], "grad": ["grad", "{small_onnx}"], "run": ["run", "{small_onnx}"],
}
for cmd, argv in SAVE_INPUT.items():
    tail = ["--target-layers", "features.1"] if cmd == "grad" else []  # after the images: it takes several values
    case("outputs", f"{cmd} --save-input with two images", argv + ["{img_png}", "{bus_jpg}", "--save-input", "{dir}/in.npy", "--out-dir", "{dir}/o"] + tail
         if cmd not in ("run", "evaluate") else argv + ["{img_png}", "{bus_jpg}", "--save-input", "{dir}/in.npy"],
         must_refuse=True, mentions=("--save-input",))
case("outputs", "cam --save-input with one image writes it", ["cam", *CLASSIFY, "--save-input", "{dir}/in.npy", "--out-file", "{dir}/o.png"],
     must_succeed=True, check=count_matching("{dir}", "in.npy", 1))

# --metrics given nonsense.
for cmd, argv in (("report", ["report", *CLASSIFY, "--out", "{dir}/o.html", "--methods", "gradcam"]),
                  ("evaluate", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{dir}/o.csv", "--methods", "gradcam"])):
    for value in ("bogus", "confidence,bogus", "all,bogus", "../../etc/passwd", "1e39", "-1", "x" * 5000, "road;deletion"):
        case("metrics", f"{cmd} --metrics {value[:20]!r}", argv + ["--metrics", value], must_refuse=True, mentions=("--metrics",))
    for value in ("ROAD", "road,road", "confidence,,road", " confidence "):
        case("metrics", f"{cmd} --metrics {value!r}", argv + ["--metrics", value], mentions=("--metrics",))

# --device, as the Python tools pass it.
for cmd, argv in (("cam", ["cam", *CLASSIFY, "--out-file", "{dir}/o.png"]), ("featmap", ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png"]),
                  ("boxam", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{dir}/o.png"]),
                  ("report", ["report", *CLASSIFY, "--out", "{dir}/o.html"]), ("run", ["run", "{small_onnx}", "{img_png}"]),
                  ("evaluate", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{dir}/o.csv"]),
                  ("dump", ["dump", *CLASSIFY, "--out-dir", "{dir}/o"]), ("layers", ["layers", "{small_onnx}"])):
    for value in ("cpu", "CPU"):
        case("device", f"{cmd} --device {value}", argv + ["--device", value], mentions=("--device",), must_succeed=cmd != "layers")
    for value in ("cuda:0", "cuda", "mps", "", "cpu,cuda", "0"):
        case("device", f"{cmd} --device {value!r}", argv + ["--device", value], must_refuse=True, mentions=("--device",))
case("device", "cam --device with no value", ["cam", *CLASSIFY, "--out-file", "{dir}/o.png", "--device"], must_refuse=True, mentions=("--device",))

# Underscore spellings (MMPretrain's usage line) and near misses.
ALIASES = [
    ("cam", ["cam", *CLASSIFY, "--target_layers", "features.1", "--out_file", "{dir}/o.png"], True),
    ("cam", ["cam", *CLASSIFY, "--aug_smooth", "--eigen_smooth", "--save_path", "{dir}/o.png"], True),
    ("cam", ["cam", *CLASSIFY, "--max_memory=1G", "--target_category=3", "--out_dir", "{dir}/o"], True),
    ("cam", ["cam", *CLASSIFY, "--image_weight", "0.3", "--out-file", "{dir}/o.png"], True),
    ("featmap", ["featmap", *CLASSIFY, "--channel_reduction", "select_max", "--out_file", "{dir}/o.png"], True),
    ("boxam", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--norm_in_bbox", "--score_thr", "0.1", "--out_file", "{dir}/o.png"], True),
    ("cam", ["cam", *CLASSIFY, "--target_layer", "features.1"], False),
    ("cam", ["cam", *CLASSIFY, "--TARGET-LAYERS", "features.1"], False),
    ("cam", ["cam", *CLASSIFY, "--target__layers", "features.1"], False),
    ("cam", ["cam", *CLASSIFY, "--_target_layers", "features.1"], False),
    ("cam", ["cam", *CLASSIFY, "---target-layers", "features.1"], False),
    ("cam", ["cam", *CLASSIFY, "--target-layers=", "--out-file", "{dir}/o.png"], False),
    ("cam", ["cam", *CLASSIFY, "--out_file=", "--out-file", "{dir}/o.png"], False),
    ("featmap", ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png", "--out-file", "{dir}/p.png"], False),
]
for cmd, argv, works in ALIASES:
    flags = [a.split("=")[0] for a in argv if a.startswith("--") and a not in ("--model",)]
    case("aliases", " ".join(a for a in argv if a.startswith("-")), argv, must_succeed=works, must_refuse=not works,
         mentions=tuple(flags) + tuple(f.strip("-").replace("_", "-") for f in flags))

# Class names in --target-category.
CLASS_CMDS = {
    "cam": ["cam", *CLASSIFY, "--out-file", "{dir}/o.png"],
    "report": ["report", *CLASSIFY, "--out", "{dir}/o.html", "--methods", "gradcam"],
    "grad": ["grad", "{small_onnx}", "{img_png}", "--target-layers", "features.1", "--out-dir", "{dir}/o"],
}
for cmd, argv in CLASS_CMDS.items():
    labelled = argv + ["--labels", "{labels_txt}"] if cmd != "grad" else argv
    if cmd != "grad":
        case("classes", f"{cmd} a class name", labelled + ["--target-category", "class3"], must_succeed=True)
        case("classes", f"{cmd} a class name in capitals", labelled + ["--target-category", "CLASS3"], must_succeed=True)
        for value in ("class", "zebra", "class3x", "-1", "10", "1.5", "0x3", "%s", "{{0}}", "class3,class4", "\u00e9l\u00e9phant"):
            case("classes", f"{cmd} --target-category {value!r} with labels", labelled + ["--target-category", value], must_refuse=True, mentions=("--target-category",))
        case("classes", f"{cmd} an ambiguous part of long names", argv + ["--labels", "{long_labels_txt}", "--target-category", "very"], must_refuse=True, mentions=("--target-category",))
    case("classes", f"{cmd} a name without class names", argv + ["--target-category", "zebra"], must_refuse=True, mentions=("--target-category",))
for value, works in (("tabby", True), ("tiger cat", True), ("Tiger Cat", True), ("cat", False), ("dog", False), ("tabby cat", False)):  # imagenet's name is 'tabby'
    case("classes", f"cam squeezenet --target-category {value!r}", ["cam", "--model", "{squeeze_onnx}", "{img_png}", "--labels", "{imagenet_txt}",
                                                                   "--target-category", value, "--out-file", "{dir}/o.png"],
         must_succeed=works, must_refuse=not works, mentions=("--target-category",))

# --method all on detectors.
case("detectors", "boxam --method all on tinyyolo", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--method", "all", "--out-file", "{dir}/o.png"], timeout=600)
case("detectors", "boxam --method all --per-box on tinyyolo", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--method", "all", "--per-box", "--out-dir", "{dir}/o"], timeout=600)
case("detectors", "cam --method all on tinyyolo", ["cam", "--model", "{tinyyolo_onnx}", "{det_png}", "--method", "all", "--out-file", "{dir}/o.png"], must_refuse=True, mentions=("tinyyolo.onnx",))
case("detectors", "report --methods all on tinyyolo", ["report", "--model", "{tinyyolo_onnx}", "{det_png}", "--methods", "all", "--out", "{dir}/o.html"], timeout=600)
case("detectors", "evaluate --methods all on tinyyolo", ["evaluate", "-m", "{tinyyolo_onnx}", "{det_png}", "--methods", "all", "--out", "{dir}/o.csv"], timeout=900)
case("detectors", "boxam --method all on yolov8n at 1G", ["boxam", "-m", "{yolo_onnx}", "{bus_jpg}", "--method", "all", "--max-memory", "1G", "--out-file", "{dir}/o.png"], timeout=1200)
case("detectors", "boxam --method gradcam,drise on tinyyolo", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--method", "gradcam,drise", "--out-file", "{dir}/o.png"], timeout=600)
case("detectors", "boxam --method classic on a classifier", ["boxam", "-m", "{small_onnx}", "{img_png}", "--out-file", "{dir}/o.png"], must_refuse=True, mentions=("small.onnx",))
