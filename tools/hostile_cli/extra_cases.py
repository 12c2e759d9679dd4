"""More of the same kinds (issue 18's second rerun): the hostile paths given to the commands
that did not get them yet, outputs through linked folders and into /proc, labels and boxes files
that are huge or binary, external data that is a FIFO, a folder, a device or an absolute path,
.npy shapes that are negative or overflow, gzip'd .npy that inflate past their claim, PNGs whose
IHDR lies, truncated JPEGs, deeply nested input folders and a folder of 10,000 files.
"""
import os
import shutil

import cases
from cases import CLASSIFY, count_files, make_fifo, make_socket, photos

NAMES = set()  # this module's cases, for hostile_cli.py --extra-only


def case(kind, name, argv, **kw):
    NAMES.add(name)
    cases.case(kind, name, argv, **kw)


# Special files as the inputs of the commands SPECIAL_IN leaves out.
MORE_SPECIAL_IN = [
    ("featmap image", lambda p: ["featmap", "--model", "{small_onnx}", p, "--out-file", "{dir}/o.png"]),
    ("boxam image", lambda p: ["boxam", "-m", "{tinyyolo_onnx}", p, "--out-file", "{dir}/o.png"]),
    ("dump image", lambda p: ["dump", "--model", "{small_onnx}", p, "--out-dir", "{dir}/o"]),
    ("grad image", lambda p: ["grad", "{small_onnx}", p, "--target-layers", "features.1", "--out-dir", "{dir}/o"]),
    ("evaluate image", lambda p: ["evaluate", "-m", "{small_onnx}", p, "--out", "{dir}/o.csv"]),
    ("cam model", lambda p: ["cam", "--model", p, "{img_png}", "--save-path", "{dir}/o.png"]),
    ("cam input tensor", lambda p: ["cam", "--model", "{small_onnx}", "--input-tensor", p, "--save-path", "{dir}/o.png"]),
    ("boxam labels", lambda p: ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--labels", p, "--out-file", "{dir}/o.png"]),
    ("detect labels", lambda p: ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--labels", p, "--out-file", "{dir}/o.png"]),
    ("cam labels", lambda p: ["cam", *CLASSIFY, "--labels", p, "--save-path", "{dir}/o.png"]),
]
for role, argv in MORE_SPECIAL_IN:
    for special, setup in (("/dev/zero", None), ("{dir}/fifo", make_fifo), ("{dir}/sock", make_socket), ("/proc/self/mem", None)):
        label = special.split("/")[-1].strip("{}")
        case("special", f"{label} as {role}", argv(special), setup=setup, must_refuse=True,
             mentions=(special.replace("{dir}/", ""), "folder", "FIFO", "socket", "device", "--labels", "--input-tensor"))

# Outputs in /proc and /sys: nothing there may be written.
for role, argv in (("cam --save-path", ["cam", *CLASSIFY, "--save-path"]), ("report --out", ["report", *CLASSIFY, "--out"]),
                   ("run --save-input", ["run", "{small_onnx}", "{img_png}", "--save-input"]),
                   ("evaluate --out", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out"])):
    for target in ("/proc/self/comm", "/proc/version", "/sys/kernel/x.png"):
        case("special", f"{role} to {target}", argv + [target], must_refuse=True, mentions=(target, os.path.basename(target), "--"),
             protect=(target,) if target != "/proc/self/comm" else ())
for role, argv in (("cam --out-dir", ["cam", *CLASSIFY, "--out-dir"]), ("dump --out-dir", ["dump", *CLASSIFY, "--out-dir"]),
                   ("run --save-outputs", ["run", "{small_onnx}", "{img_png}", "--save-outputs"])):
    case("special", f"{role} /proc/self", argv + ["/proc/self"], must_refuse=True, mentions=("/proc/self", "--"))

# Huge, binary and one-line labels and boxes files.
for name in ("huge_labels_txt", "binary_labels_txt", "one_line_labels_txt"):
    case("bombs", f"run --labels {name} at 1G", ["run", "{small_onnx}", "{img_png}", "--labels", "{" + name + "}", "--max-memory", "1G"],
         mentions=("{" + name + "}",))
    case("bombs", f"cam --labels {name} at 100M", ["cam", *CLASSIFY, "--labels", "{" + name + "}", "--max-memory", "100M", "--save-path", "{dir}/o.png"],
         mentions=("{" + name + "}",))
    case("bombs", f"detect --labels {name} at 1G", ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--labels", "{" + name + "}", "--max-memory", "1G",
                                                    "--out-file", "{dir}/o.png"], mentions=("{" + name + "}",))
case("bombs", "evaluate --labels huge csv at 1G", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--labels", "{huge_labels_csv}", "--max-memory", "1G",
                                                   "--out", "{dir}/o.csv"], must_refuse=True, mentions=("huge_labels.csv",))
for name in ("huge_boxes_json", "binary_boxes_json", "deep_boxes_json"):
    case("bombs", f"evaluate --boxes {name} at 1G", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--boxes", "{" + name + "}", "--max-memory", "1G",
                                                     "--out", "{dir}/o.csv"], must_refuse=True, mentions=("{" + name + "}",))

# .npy shapes and gzip streams.
for npy in ("neg_shape_npy", "overflow_shape_npy", "int32_shape_npy", "zero_dims_npy", "text_shape_npy", "object_npy"):
    for cmd, argv in (("run", ["run", "{small_onnx}"]), ("cam", ["cam", "--model", "{small_onnx}", "--save-path", "{dir}/o.png"])):
        case("bombs", f"{cmd} --input-tensor {npy}", argv + ["--input-tensor", "{" + npy + "}", "--max-memory", "1G"],
             must_refuse=True, mentions=("{" + npy + "}",))
for gz in ("tail_bomb_npy_gz", "claims_gz_npy_gz", "bomb_npy_gz"):
    for budget in ("100M", "1G"):
        case("bombs", f"run --input-tensor {gz} at {budget}", ["run", "{small_onnx}", "--input-tensor", "{" + gz + "}", "--max-memory", budget],
             mentions=("{" + gz + "}",), must_refuse=gz != "tail_bomb_npy_gz")

# Images whose headers lie, truncated images.
for image in ("ihdr_small_png", "ihdr_big_png", "ihdr_crc_png", "ihdr_zero_png", "truncated_jpg", "header_only_jpg"):
    for cmd, argv in (("run", ["run", "{small_onnx}"]), ("cam", ["cam", "--model", "{small_onnx}", "--save-path", "{dir}/o.png"]),
                      ("featmap", ["featmap", "--model", "{small_onnx}", "--out-file", "{dir}/o.png"]),
                      ("detect", ["detect", "-m", "{tinyyolo_onnx}", "--out-file", "{dir}/o.png"])):
        case("bombs", f"{cmd} {image} at 100M", argv + ["{" + image + "}", "--max-memory", "100M"], mentions=("{" + image + "}",),
             must_refuse=image not in ("truncated_jpg", "ihdr_small_png"))  # rows past the IHDR are ignored, as libpng does

# External data that is a FIFO, a folder, a device, an absolute path, or longer than the file.
for kind in ("fifo", "folder", "device", "absolute", "huge_length"):
    for cmd, argv in (("run", ["run", "{ext_" + kind + "_model}", "--save-outputs", "{dir}/o"]), ("layers", ["layers", "{ext_" + kind + "_model}"])):
        case("links", f"{cmd} external data is {kind}", argv, must_refuse=True, mentions=("model.onnx", "w.bin", "secret.txt"), timeout=60)


# Output folders through links.
def linked_out(target):
    def setup(ctx):
        photos(ctx)
        dest = os.path.join(ctx["dir"], target)
        os.makedirs(dest, exist_ok=True)
        os.symlink(dest, os.path.join(ctx["dir"], "o"))
    return setup


for cmd in ("cam", "featmap"):
    case("links", f"{cmd} --out-dir a link to a fresh folder", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=linked_out("real"), check=count_files("{dir}/real", 2))
    case("links", f"{cmd} --out-dir a link to the input folder", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=linked_out("photos"), must_refuse=True, protect=("{dir}/photos",), mentions=("photos", "o"))
    case("links", f"{cmd} --out-dir a link to a folder inside the input", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=linked_out("photos/sub"), must_refuse=True, protect=("{dir}/photos",), mentions=("photos", "o"))
case("links", "cam --save-path through a linked folder onto the image", ["cam", *CLASSIFY, "--save-path", "{dir}/lnk/img.png"],
     setup=lambda c: os.symlink(c["indir"], os.path.join(c["dir"], "lnk")), must_refuse=True, mentions=("img.png", "--save-path"))
case("links", "report --out through a linked folder onto the model", ["report", *CLASSIFY, "--out", "{dir}/lnk/small.onnx"],
     setup=lambda c: os.symlink(c["indir"], os.path.join(c["dir"], "lnk")), must_refuse=True, mentions=("small.onnx", "--out"))


def link_chain(ctx):
    previous = ctx["img_png"]
    for i in range(60):
        link = os.path.join(ctx["dir"], f"l{i}.png")
        os.symlink(previous, link)
        previous = link


case("links", "image through a chain of 60 links", ["run", "{small_onnx}", "{dir}/l59.png"], setup=link_chain, mentions=("l59.png",))


# Folders: deeply nested, and 10,000 files.
def nested(ctx, depth=900):
    d = os.path.join(ctx["dir"], "photos")
    inner = os.path.join(d, *(["a"] * depth))
    os.makedirs(inner)
    shutil.copy(ctx["img_png"], os.path.join(inner, "x.png"))
    shutil.copy(ctx["img_png"], os.path.join(d, "y.png"))


def many_files(ctx, count=10000):
    d = photos(ctx, ("a.png",))
    for i in range(count):
        open(os.path.join(d, f"note{i:05d}.txt"), "w").write("not an image\n")


def many_corrupt(ctx, count=2000):
    d = photos(ctx, ("a.png",))
    for i in range(count):
        open(os.path.join(d, f"bad{i:04d}.png"), "wb").write(b"\x89PNG\r\n\x1a\nbroken")


for cmd in ("cam", "featmap"):
    case("names", f"{cmd} a folder nested 900 deep", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=nested, check=count_files("{dir}/o", 2), timeout=120)
    case("names", f"{cmd} a folder of 10,000 text files and one image", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=many_files, check=count_files("{dir}/o", 1), timeout=120)
    case("names", f"{cmd} a folder of 2,000 corrupt images and one good", [cmd, "--model", "{small_onnx}", "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=many_corrupt, check=count_files("{dir}/o", 1), timeout=300)
case("names", "evaluate a folder nested 900 deep", ["evaluate", "-m", "{small_onnx}", "{dir}/photos", "--out", "{dir}/o.csv"], setup=nested, timeout=120)
case("names", "evaluate a folder of 10,000 text files and one image", ["evaluate", "-m", "{small_onnx}", "{dir}/photos", "--out", "{dir}/o.csv"],
     setup=many_files, timeout=120)

# Outputs over inputs in the commands and flags ON_INPUT leaves out.
for name, argv in (
    ("featmap --save-raw the labels", ["featmap", *CLASSIFY, "--labels", "{labels_txt}", "--out-file", "{dir}/o.png", "--save-raw", "{labels_txt}"]),
    ("detect --out-file the labels", ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--labels", "{labels_txt}", "--out-file", "{labels_txt}"]),
    ("boxam --out-file the model", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{tinyyolo_onnx}"]),
    ("evaluate --out the boxes", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--boxes", "{boxes_json}", "--out", "{boxes_json}"]),
    ("evaluate --out the model", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{small_onnx}"]),
    ("grad --save-input the model", ["grad", "{small_onnx}", "{img_png}", "--target-layers", "features.1", "--out-dir", "{dir}/o", "--save-input", "{small_onnx}"]),
    ("dump --out-dir the input folder", ["dump", "--model", "{small_onnx}", "{indir}", "--out-dir", "{indir}"]),
    ("cam --save-raw the input tensor", ["cam", "--model", "{small_onnx}", "--input-tensor", "{t_npy}", "--save-raw", "{t_npy}"]),
):
    case("on-input", name, argv, must_refuse=True, mentions=("--", "input", "same file"))
