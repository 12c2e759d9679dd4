"""The cases hostile_cli.py runs: issue 18's items 1-10 and more of each kind.

Placeholders in argv are the hostile inputs by file name with '.' as '_' ({img_png},
{small_onnx}), {indir} (the folder of inputs), {dir} (the case's own folder, the working
directory) and {scratch}.
"""
import os
import shutil
import socket
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Case:
    kind: str
    name: str
    argv: list
    mentions: tuple = ()          # the message must contain one of these when refused
    must_refuse: bool = False     # exit 0 is a failure ("accepted")
    must_succeed: bool = False    # any other exit is a failure ("failed")
    setup: Optional[Callable] = None
    teardown: Optional[Callable] = None
    protect: tuple = ()           # more paths that must not change
    check: Optional[Callable] = None  # returns a problem after the run, or None
    timeout: Optional[int] = None     # seconds, when the case is slow by nature (ScoreCAM)
    cwd: Optional[str] = None         # the working directory, when not the case's own folder


CASES = []


def case(kind, name, argv, **kw):
    CASES.append(Case(kind, name, list(argv), **kw))


# Commands with the model, input and output arguments each one takes.
CLASSIFY = ["--model", "{small_onnx}", "{img_png}"]
COMMANDS = {
    "cam": ["cam", *CLASSIFY, "--save-path", "{dir}/o.png"],
    "featmap": ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png"],
    "boxam": ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{dir}/o.png"],
    "dump": ["dump", *CLASSIFY, "--out-dir", "{dir}/o"],
    "detect": ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{dir}/o.png"],
    "report": ["report", *CLASSIFY, "--out", "{dir}/o.html"],
    "evaluate": ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{dir}/o.csv"],
    "grad": ["grad", "{small_onnx}", "{img_png}", "--target-layers", "features.1", "--out-dir", "{dir}/o"],
    "run": ["run", "{small_onnx}", "{img_png}"],
    "layers": ["layers", "{small_onnx}"],
    "demo": ["demo", "--out-file", "{dir}/o.png"],
}


def photos(ctx, names=("a.png", "b.png"), source="img_png"):
    d = os.path.join(ctx["dir"], "photos")
    for n in names:
        os.makedirs(os.path.dirname(os.path.join(d, n)), exist_ok=True)
        shutil.copy(ctx[source], os.path.join(d, n))
    return d


def count_files(folder, expected):
    def check(ctx):
        path = folder.format(**ctx)
        n = sum(len(files) for _, _, files in os.walk(path)) if os.path.isdir(path) else 0
        return None if n == expected else f"{n} files in {path}, expected {expected}"
    return check


# 1. Reading outside what was given: external data through a linked folder or '..'.
for name, model in (("linked-folder", "{ext_model}"), ("dotdot", "{dotdot_model}")):
    case("links", f"run external data via {name}", ["run", model, "--save-outputs", "{dir}/o"], mentions=("secret.txt", "model.onnx"), must_refuse=True)
    case("links", f"layers external data via {name}", ["layers", model], mentions=("secret.txt", "model.onnx"), must_refuse=True)
    case("links", f"run --json external data via {name}", ["run", model, "--json"], mentions=("secret.txt", "model.onnx"), must_refuse=True)
case("links", "model through a linked folder component", ["run", "{dir}/lnk/small.onnx", "{dir}/lnk/img.png"],
     setup=lambda c: os.symlink(c["indir"], os.path.join(c["dir"], "lnk")))
case("links", "image is a dangling link", ["run", "{small_onnx}", "{dir}/dangling.png"], mentions=("dangling.png",),
     setup=lambda c: os.symlink("/nonexistent/x.png", os.path.join(c["dir"], "dangling.png")), must_refuse=True)
case("links", "image is a link loop", ["run", "{small_onnx}", "{dir}/loop.png"], mentions=("loop.png",),
     setup=lambda c: os.symlink("loop.png", os.path.join(c["dir"], "loop.png")), must_refuse=True)
case("links", "model is a link loop", ["run", "{dir}/loop.onnx", "{img_png}"], mentions=("loop.onnx",),
     setup=lambda c: os.symlink("loop.onnx", os.path.join(c["dir"], "loop.onnx")), must_refuse=True)


def self_links(*names):
    def setup(ctx):
        d = photos(ctx, ("a.png",))
        for n in names:
            os.symlink(".", os.path.join(d, n))
    return setup


for cmd in ("cam", "featmap"):
    extra = ["--model", "{small_onnx}"]
    case("links", f"{cmd} folder with two self-links", [cmd, "{dir}/photos", *extra, "--out-dir", "{dir}/o"],
         setup=self_links("x", "y"), check=count_files("{dir}/o", 1))
    case("links", f"{cmd} folder with one self-link", [cmd, "{dir}/photos", *extra, "--out-dir", "{dir}/o"],
         setup=self_links("x"), check=count_files("{dir}/o", 1))
case("links", "evaluate folder with self-links", ["evaluate", "-m", "{small_onnx}", "{dir}/photos", "--out", "{dir}/o.csv"],
     setup=self_links("x", "y"))
case("links", "cam folder with a link to /etc", ["cam", "{dir}/photos", "--model", "{small_onnx}", "--out-dir", "{dir}/o"],
     setup=lambda c: (photos(c, ("a.png",)), os.symlink("/etc", os.path.join(c["dir"], "photos", "etc"))), check=count_files("{dir}/o", 1))
case("links", "cam folder with a link to the secret", ["cam", "{dir}/photos", "--model", "{small_onnx}", "--out-dir", "{dir}/o"],
     setup=lambda c: (photos(c, ("a.png",)), os.symlink(os.path.join(c["scratch"], "outside"), os.path.join(c["dir"], "photos", "out"))))


# 2. Probes and temporary files: links planted for the next pids must not be written through.
def plant_probe_links(ctx):
    out = os.path.join(ctx["dir"], "o")
    os.makedirs(out)
    victim = os.path.join(ctx["dir"], "victim.txt")
    open(victim, "w").write("victim\n")
    base = os.getpid()
    for pid in range(base, base + 400):
        os.symlink(victim, os.path.join(out, f".camsharp-probe-{pid}"))
        os.symlink(victim, os.path.join(out, f".a.png.{pid}.camsharp-tmp"))


for cmd in ("cam", "featmap"):
    case("probes", f"{cmd} --out-dir with planted probe links", [cmd, "{dir}/photos", "--model", "{small_onnx}", "--out-dir", "{dir}/o"],
         setup=lambda c: (photos(c), plant_probe_links(c)), protect=("{dir}/victim.txt",))
case("probes", "dump --out-dir with planted probe links", ["dump", *CLASSIFY, "--out-dir", "{dir}/o"], setup=plant_probe_links, protect=("{dir}/victim.txt",))
case("probes", "grad --out-dir with planted probe links", COMMANDS["grad"], setup=plant_probe_links, protect=("{dir}/victim.txt",))
case("probes", "run --save-outputs with planted probe links", ["run", "{small_onnx}", "{img_png}", "--save-outputs", "{dir}/o"],
     setup=plant_probe_links, protect=("{dir}/victim.txt",))


# 3. Outputs over inputs, for every command and flag that writes.
ON_INPUT = [
    ("cam --save-path the image", ["cam", *CLASSIFY, "--save-path", "{img_png}"]),
    ("cam --save-raw the image", ["cam", *CLASSIFY, "--save-raw", "{img_png}"]),
    ("cam --save-input the image", ["cam", *CLASSIFY, "--save-input", "{img_png}"]),
    ("cam --save-input the model", ["cam", *CLASSIFY, "--save-input", "{small_onnx}"]),
    ("cam --save-path the model", ["cam", *CLASSIFY, "--save-path", "{small_onnx}"]),
    ("cam --save-path the labels", ["cam", *CLASSIFY, "--labels", "{labels_txt}", "--save-path", "{labels_txt}"]),
    ("cam --save-path the input tensor", ["cam", "--model", "{small_onnx}", "--input-tensor", "{t_npy}", "--save-input", "{t_npy}"]),
    ("cam --save-path equals --save-raw", ["cam", *CLASSIFY, "--save-path", "{dir}/x.png", "--save-raw", "{dir}/x.png"]),
    ("cam --save-input equals --save-raw", ["cam", *CLASSIFY, "--save-input", "{dir}/x.npy", "--save-raw", "{dir}/x.npy"]),
    ("cam --concept-image as output", ["cam", *CLASSIFY, "--concept-image", "{bus_jpg}", "--save-path", "{bus_jpg}"]),
    ("featmap --out-file the image", ["featmap", *CLASSIFY, "--out-file", "{img_png}"]),
    ("featmap --save-raw the image", ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png", "--save-raw", "{img_png}"]),
    ("featmap --save-input the model", ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png", "--save-input", "{small_onnx}"]),
    ("featmap --out-file equals --save-raw", ["featmap", *CLASSIFY, "--out-file", "{dir}/o.png", "--save-raw", "{dir}/o.png"]),
    ("boxam --out-file the image", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{det_png}"]),
    ("boxam --save-raw the model", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--save-raw", "{tinyyolo_onnx}"]),
    ("boxam --save-input the image", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--save-input", "{det_png}"]),
    ("boxam --labels as --out-file", ["boxam", "-m", "{tinyyolo_onnx}", "{det_png}", "--labels", "{labels_txt}", "--out-file", "{labels_txt}"]),
    ("dump --out-dir the image", ["dump", *CLASSIFY, "--out-dir", "{img_png}"]),
    ("dump --save-input the image", ["dump", *CLASSIFY, "--out-dir", "{dir}/o", "--save-input", "{img_png}"]),
    ("detect --out-file the image", ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file", "{det_png}"]),
    ("detect --save-input the model", ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--save-input", "{tinyyolo_onnx}"]),
    ("report --out the image", ["report", *CLASSIFY, "--out", "{img_png}"]),
    ("report --out the model", ["report", *CLASSIFY, "--out", "{small_onnx}"]),
    ("report --save-input the image", ["report", *CLASSIFY, "--out", "{dir}/o.html", "--save-input", "{img_png}"]),
    ("evaluate --out the labels", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--labels", "{eval_labels_csv}", "--out", "{eval_labels_csv}"]),
    ("evaluate --out the image", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{img_png}"]),
    ("evaluate --save-input the model", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out", "{dir}/o.csv", "--save-input", "{small_onnx}"]),
    ("grad --out-dir the image", ["grad", "{small_onnx}", "{img_png}", "--target-layers", "features.1", "--out-dir", "{img_png}"]),
    ("grad --save-input the image", ["grad", "{small_onnx}", "{img_png}", "--target-layers", "features.1", "--out-dir", "{dir}/o", "--save-input", "{img_png}"]),
    ("run --save-input the image", ["run", "{small_onnx}", "{img_png}", "--save-input", "{img_png}"]),
    ("run --save-input the model", ["run", "{small_onnx}", "{img_png}", "--save-input", "{small_onnx}"]),
    ("run --save-input the labels", ["run", "{small_onnx}", "{img_png}", "--labels", "{labels_txt}", "--save-input", "{labels_txt}"]),
    ("run --save-outputs the image", ["run", "{small_onnx}", "{img_png}", "--save-outputs", "{img_png}"]),
    ("run --save-input the input tensor", ["run", "{small_onnx}", "--input-tensor", "{t_npy}", "--save-input", "{t_npy}"]),
]
for name, argv in ON_INPUT:
    case("on-input", name, argv, must_refuse=True, mentions=("--", "input", "same file"))


def hard_link(ctx):
    os.link(ctx["img_png"], os.path.join(ctx["dir"], "hard.png"))
    os.symlink(ctx["img_png"], os.path.join(ctx["dir"], "soft.png"))


for flag in ("--save-path", "--save-raw", "--save-input"):
    for link in ("hard.png", "soft.png"):
        case("on-input", f"cam {flag} a {link.split('.')[0]} link of the image", ["cam", *CLASSIFY, flag, "{dir}/" + link],
             setup=hard_link, must_refuse=True, mentions=("--", "input"), protect=("{dir}/hard.png",))
case("on-input", "report --out a hard link of the image", ["report", *CLASSIFY, "--out", "{dir}/hard.png"], setup=hard_link, must_refuse=True, mentions=("--out",))
case("on-input", "evaluate JSON beside --out is the boxes file", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--boxes", "{dir}/e.json", "--out", "{dir}/e.csv"],
     setup=lambda c: shutil.copy(c["boxes_json"], os.path.join(c["dir"], "e.json")), must_refuse=True, mentions=("e.json",), protect=("{dir}/e.json",))
for cmd in ("cam", "featmap", "boxam", "evaluate"):
    model = ["-m", "{tinyyolo_onnx}"] if cmd == "boxam" else ["--model", "{small_onnx}"]
    out = "--out" if cmd == "evaluate" else "--out-dir"
    target = lambda sub: "{dir}/photos" + sub + ("/e.csv" if cmd == "evaluate" else "")
    case("on-input", f"{cmd} {out} is the input folder", [cmd, *model, "{dir}/photos", out, target("")], setup=photos,
         must_refuse=True, mentions=("photos",), protect=("{dir}/photos",))
    case("on-input", f"{cmd} {out} inside the input folder", [cmd, *model, "{dir}/photos", out, target("/sub")], setup=photos,
         must_refuse=True, mentions=("photos",), protect=("{dir}/photos",))


# 4. Special files: read only regular files; write special files in place or refuse.
SPECIAL_IN = [
    ("image", lambda p: ["run", "{small_onnx}", p]),
    ("cam image", lambda p: ["cam", "--model", "{small_onnx}", p, "--save-path", "{dir}/o.png"]),
    ("report image", lambda p: ["report", "--model", "{small_onnx}", p, "--out", "{dir}/o.html"]),
    ("model", lambda p: ["run", p, "{img_png}"]),
    ("layers model", lambda p: ["layers", p]),
    ("input tensor", lambda p: ["run", "{small_onnx}", "--input-tensor", p]),
    ("labels", lambda p: ["run", "{small_onnx}", "{img_png}", "--labels", p]),
    ("evaluate labels", lambda p: ["evaluate", "-m", "{small_onnx}", "{img_png}", "--labels", p, "--out", "{dir}/o.csv"]),
    ("boxes", lambda p: ["evaluate", "-m", "{small_onnx}", "{img_png}", "--boxes", p, "--out", "{dir}/o.csv"]),
    ("concept image", lambda p: ["cam", *CLASSIFY, "--concept-image", p, "--save-path", "{dir}/o.png"]),
    ("detect image", lambda p: ["detect", "-m", "{tinyyolo_onnx}", p]),
]


def make_fifo(ctx):
    os.mkfifo(os.path.join(ctx["dir"], "fifo"))


def make_socket(ctx):
    s = socket.socket(socket.AF_UNIX)
    s.bind(os.path.join(ctx["dir"], "sock"))
    s.close()


for role, argv in SPECIAL_IN:
    for special, setup in (("/dev/zero", None), ("/dev/null", None), ("{dir}/fifo", make_fifo), ("{dir}/sock", make_socket),
                           ("{indir}", None)):
        if special == "{indir}" and role == "cam image":
            continue  # cam explains every image in a folder it is given
        label = special.split("/")[-1].strip("{}")
        case("special", f"{label} as {role}", argv(special), setup=setup, must_refuse=True,
             mentions=(special.replace("{dir}/", ""), "folder", "FIFO", "socket", "device", "--concept-image"))


def device_and_links(ctx):
    os.mknod(os.path.join(ctx["dir"], "full"), 0o666 | 0o020000, os.makedev(1, 7))
    os.symlink("/proc/self/fd/1", os.path.join(ctx["dir"], "stdout.png"))
    os.mkfifo(os.path.join(ctx["dir"], "out.fifo"))


SPECIAL_OUT = [
    ("cam --save-path", ["cam", *CLASSIFY, "--save-path"]),
    ("cam --save-raw", ["cam", *CLASSIFY, "--save-raw"]),
    ("run --save-input", ["run", "{small_onnx}", "{img_png}", "--save-input"]),
    ("report --out", ["report", *CLASSIFY, "--out"]),
    ("detect --out-file", ["detect", "-m", "{tinyyolo_onnx}", "{det_png}", "--out-file"]),
    ("featmap --out-file", ["featmap", *CLASSIFY, "--out-file"]),
    ("evaluate --out", ["evaluate", "-m", "{small_onnx}", "{img_png}", "--out"]),
    ("demo --out-file", ["demo", "--out-file"]),
]
for role, argv in SPECIAL_OUT:
    for target in ("/dev/full", "{dir}/full", "{dir}/stdout.png", "{dir}/out.fifo"):
        case("special", f"{role} to {target.replace('{dir}/', '')}", argv + [target], setup=device_and_links,
             protect=("/dev/full", "{dir}/full", "{dir}/stdout.png", "{dir}/out.fifo"), mentions=(target.replace("{dir}/", ""), "--"))
case("special", "folder of images with a FIFO inside", ["cam", "{dir}/photos", "--model", "{small_onnx}", "--out-dir", "{dir}/o"],
     setup=lambda c: (photos(c), os.mkfifo(os.path.join(c["dir"], "photos", "c.png"))), check=count_files("{dir}/o", 2))
case("special", "folder of images with a socket inside", ["featmap", "{dir}/photos", "--model", "{small_onnx}", "--out-dir", "{dir}/o"],
     setup=lambda c: (photos(c), make_socket(dict(c, dir=os.path.join(c["dir"], "photos")))), check=count_files("{dir}/o", 2))

# 5. Bombs: every read bounded by --max-memory before it starts.
BOMBS = ["bomb16k_png", "bomb16bit_png", "bomb_wide_png", "bomb_jpg", "bomb_bmp", "bomb_neg_bmp", "bomb_ppm", "bomb_pgm", "sparse4g_png"]
for bomb in BOMBS:
    for cmd, argv in (("run", ["run", "{small_onnx}"]), ("cam", ["cam", "--model", "{small_onnx}", "--save-path", "{dir}/o.png"]),
                      ("report", ["report", "--model", "{small_onnx}", "--out", "{dir}/o.html"]),
                      ("featmap", ["featmap", "--model", "{small_onnx}", "--out-file", "{dir}/o.png"]),
                      ("detect", ["detect", "-m", "{tinyyolo_onnx}"])):
        case("bombs", f"{cmd} {bomb} at 1G", argv + ["{" + bomb + "}", "--max-memory", "1G"], mentions=("{" + bomb + "}",))
    case("bombs", f"cam {bomb} at 100M", ["cam", "--model", "{small_onnx}", "{" + bomb + "}", "--save-path", "{dir}/o.png", "--max-memory", "100M"])
for npy in ("honest_big_npy", "bomb_npy_gz", "claims_npy"):
    for cmd, argv in (("run", ["run", "{small_onnx}"]), ("cam", ["cam", "--model", "{small_onnx}", "--save-path", "{dir}/o.png"]),
                      ("grad", ["grad", "{small_onnx}", "--target-layers", "features.1", "--out-dir", "{dir}/o"])):
        case("bombs", f"{cmd} --input-tensor {npy} at 1G", argv + ["--input-tensor", "{" + npy + "}", "--max-memory", "1G"],
             must_refuse=True, mentions=("{" + npy + "}",))
case("bombs", "layers deep names at 1G", ["layers", "{deep_names_onnx}", "--max-memory", "1G"])
case("bombs", "run deep names at 1G", ["run", "{deep_names_onnx}", "{img_png}", "--max-memory", "1G"])
case("bombs", "cam --concepts 100000", ["cam", *CLASSIFY, "--method", "dff", "--concepts", "100000", "--save-path", "{dir}/o.png"], must_refuse=True, mentions=("--concepts",))
case("bombs", "cam --concepts over the layer", ["cam", "--model", "{squeeze_onnx}", "{img_png}", "--method", "dff", "--concepts", "60",
                                                  "--target-layers", "features.3.squeeze_activation", "--save-path", "{dir}/o.png"], must_refuse=True, mentions=("--concepts",))
for cmd in ("run", "cam", "report", "featmap", "layers"):
    base = COMMANDS[cmd]
    for model in ("squeeze_onnx", "digit_onnx"):
        argv = [a.replace("{small_onnx}", "{" + model + "}") for a in base] + ["--input-size", "20000", "20000", "--max-memory", "1G"]
        case("bombs", f"{cmd} --input-size 20000 20000 on {model}", argv, must_refuse=True, mentions=("--input-size", "--max-memory"))
case("bombs", "cam scorecam at 100M", ["cam", "--model", "{squeeze_onnx}", "{img_png}", "--method", "scorecam", "--max-memory", "100M", "--save-path", "{dir}/o.png"], timeout=240)
case("bombs", "cam ablationcam at 100M", ["cam", "--model", "{squeeze_onnx}", "{img_png}", "--method", "ablationcam", "--max-memory", "100M", "--save-path", "{dir}/o.png"])
case("bombs", "cam scorecam two workers at 200M", ["cam", "--model", "{squeeze_onnx}", "{dir}/photos", "--method", "scorecam", "--max-memory", "200M",
                                                    "--workers", "2", "--out-dir", "{dir}/o"], setup=photos, timeout=300)
case("bombs", "cam two 16k bombs two workers at 1G", ["cam", "--model", "{small_onnx}", "{bomb16k_png}", "{dir}/b2.png", "--max-memory", "1G",
                                                       "--workers", "2", "--out-dir", "{dir}/o"], setup=lambda c: shutil.copy(c["bomb16k_png"], os.path.join(c["dir"], "b2.png")))
def three_photos(ctx):
    d = os.path.join(ctx["dir"], "photos")
    os.makedirs(d)
    for n in ("a.jpg", "b.jpg", "c.jpg"):
        shutil.copy(ctx["bus_jpg"], os.path.join(d, n))


case("bombs", "featmap three images two workers at 300M", ["featmap", "--model", "{small_onnx}", "{dir}/photos", "--max-memory", "300M",
                                                           "--workers", "2", "--out-dir", "{dir}/o"], setup=three_photos)


# 6. Deep and long names.
def deep_folders(ctx):
    """110 folders of 39-byte names, made relative to open folders (the whole path is over PATH_MAX)."""
    fd = os.open(ctx["dir"], os.O_RDONLY)
    for i in range(110):
        name = f"{i:03d}" + "d" * 36
        os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(ctx["img_png"], "rb") as src:
        out = os.open("img.png", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, src.read())
        os.close(out)
    os.close(fd)


case("names", "image path over 4096 bytes", ["run", "{small_onnx}", "{dir}/" + "/".join(f"{i:03d}" + "d" * 36 for i in range(110)) + "/img.png"],
     setup=deep_folders, mentions=("img.png", "too long", "name"))
case("names", "folder of images over 4096 bytes deep", ["cam", "{dir}", "--model", "{small_onnx}", "--out-dir", "{scratch}/deep-out-{dir_name}"],
     setup=deep_folders)
case("names", "--save-path with a 255-byte name", ["cam", *CLASSIFY, "--save-path", "{dir}/" + "n" * 251 + ".png"])
case("names", "--save-path with a 256-byte name", ["cam", *CLASSIFY, "--save-path", "{dir}/" + "n" * 252 + ".png"], must_refuse=True, mentions=("n" * 40,))
case("names", "image with a 255-byte name", ["run", "{small_onnx}", "{dir}/" + "i" * 251 + ".png"],
     setup=lambda c: shutil.copy(c["img_png"], os.path.join(c["dir"], "i" * 251 + ".png")))
case("names", "run --save-outputs long and colliding output names", ["run", "{outnames_onnx}", "{img_png}", "--save-outputs", "{dir}/o"],
     check=count_files("{dir}/o", 4))
case("names", "run --save-outputs NUL in an output name", ["run", "{nul_name_onnx}", "{img_png}", "--save-outputs", "{dir}/o"], mentions=("nul_name.onnx", "name"))
case("names", "run NUL in an output name", ["run", "{nul_name_onnx}", "{img_png}", "--json"], mentions=("nul_name.onnx", "name"))
case("names", "--target-layers 10000 characters", ["cam", *CLASSIFY, "--target-layers", "x" * 10000, "--save-path", "{dir}/o.png"], must_refuse=True, mentions=("--target-layers",))
case("names", "--target-layers a deep module path", ["cam", *CLASSIFY, "--target-layers", ".".join(["a"] * 3000), "--save-path", "{dir}/o.png"], must_refuse=True, mentions=("--target-layers",))
case("names", "layers of the deep-name model --depth 1", ["layers", "{deep_names_onnx}", "--depth", "1"])
case("names", "layers of the deep-name model --json", ["layers", "{deep_names_onnx}", "--json"])

# 7. Collisions of outputs in folders (boxam writes nothing for an image without boxes: it gets one with boxes).
for cmd in ("cam", "featmap", "boxam"):
    model = ["-m", "{tinyyolo_onnx}"] if cmd == "boxam" else ["--model", "{small_onnx}"]
    src = "det_png" if cmd == "boxam" else "img_png"
    case("collisions", f"{cmd} a/x.png and b/x.png", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=lambda c, src=src: photos(c, ("a/x.png", "b/x.png"), src), check=count_files("{dir}/o", 2))
    case("collisions", f"{cmd} x.png and x.jpg", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=lambda c, src=src: photos(c, ("x.png", "x.jpg"), src), check=count_files("{dir}/o", 2))
    case("collisions", f"{cmd} the same image twice", [cmd, *model, "{" + src + "}", "{" + src + "}", "--out-dir", "{dir}/o"])
    case("collisions", f"{cmd} a corrupt image in the folder", [cmd, *model, "{dir}/photos", "--out-dir", "{dir}/o"],
         setup=lambda c, src=src: (photos(c, ("a.png", "b.png"), src), open(os.path.join(c["dir"], "photos", "c.png"), "wb").write(b"\x89PNG\r\n\x1a\nbroken")),
         mentions=("c.png",), check=count_files("{dir}/o", 2))
case("collisions", "evaluate a/x.png and b/x.png", ["evaluate", "-m", "{small_onnx}", "{dir}/photos", "--out", "{dir}/o.csv"],
     setup=lambda c: photos(c, ("a/x.png", "b/x.png")))

# 8-10. Careless arguments: every numeric flag at 0, negative, NaN, huge and empty; enums unknown.
NUMERIC = {
    "cam": ["--image-weight", "--concepts", "--batch-size", "--workers", "--num-extra-tokens", "--pad-value", "--scale", "--target-category"],
    "featmap": ["--topk", "--alpha", "--score-thr", "--workers", "--pad-value", "--scale"],
    "boxam": ["--score-thr", "--iou-thr", "--topk", "--batch-size", "--pad-value", "--scale"],
    "dump": ["--n", "--pad-value", "--scale"],
    "detect": ["--score-thr", "--iou-thr", "--topk", "--scale"],
    "report": ["--topk", "--image-weight", "--max-side", "--batch-size", "--scale", "--target-category"],
    "evaluate": ["--step", "--noise", "--seed", "--tolerance", "--batch-size", "--score-thr", "--iou-thr", "--topk", "--scale"],
    "grad": ["--target-category", "--scale", "--pad-value"],
    "run": ["--topk", "--scale", "--pad-value"],
    "layers": ["--depth"],
    "demo": ["--seed"],
}
for cmd, flags in NUMERIC.items():
    for flag in flags + ["--max-memory"]:
        for value in ("0", "-1", "NaN", "1e39", "99999999999999999999", ""):
            case("arguments", f"{cmd} {flag} {value!r}", COMMANDS[cmd] + [flag, value], mentions=(flag,))
for cmd in ("cam", "featmap", "report", "run", "grad", "evaluate", "boxam", "detect", "dump"):
    for flag, values in (("--mean", ("0", "NaN NaN NaN", "1e39 0 0")), ("--std", ("0 0 0", "-1 1 1", "NaN 1 1")), ("--input-size", ("0 0", "-5 5", "20000")),
                         ("--token-grid", ("0 0",)), ("--percentiles", ("0", "101", "NaN"))):
        if flag == "--token-grid" and cmd != "cam" or flag == "--percentiles" and cmd != "evaluate":
            continue
        for v in values:
            case("arguments", f"{cmd} {flag} {v}", COMMANDS[cmd] + [flag, *v.split()], mentions=(flag,), must_refuse=True)
ENUMS = {
    "cam": ["--method", "--colormap", "--target-layers", "--preprocess", "--letterbox", "--target-category", "--labels", "--save-path", "--out-dir", "--input-tensor"],
    "featmap": ["--channel-reduction", "--arrangement", "--target-layers", "--out-file", "--out-dir"],
    "boxam": ["--method", "--head", "--box-target", "--target-layers", "--out-file"],
    "dump": ["--modules", "--out-dir"],
    "detect": ["--head", "--out-file", "--labels"],
    "report": ["--methods", "--metrics", "--colormap", "--out", "--target-layers"],
    "evaluate": ["--methods", "--metrics", "--confidence", "--box-target", "--head", "--out", "--labels", "--boxes"],
    "grad": ["--target-layers", "--out-dir", "--save-input"],
    "run": ["--save-outputs", "--save-input", "--labels", "--preprocess"],
    "layers": ["--input-size"],
    "demo": ["--shape", "--out-file"],
}
for cmd, flags in ENUMS.items():
    for flag in flags:
        for value in ("", "bogus", ",", " "):
            writes = flag in ("--save-path", "--out-dir", "--out-file", "--out", "--save-outputs", "--save-input")
            case("arguments", f"{cmd} {flag} {value!r}", COMMANDS[cmd] + [flag, value], mentions=(flag, value.strip() or flag),
                 must_refuse=value == "" or not writes)
for cmd in ("cam", "run", "featmap", "report"):
    case("arguments", f"{cmd} image name empty", [a if a != "{img_png}" else "" for a in COMMANDS[cmd]], must_refuse=True, mentions=("image", "''", "empty"))
    case("arguments", f"{cmd} model name empty", [a if a != "{small_onnx}" else "" for a in COMMANDS[cmd]], must_refuse=True, mentions=("model", "''", "empty"))

# Graphs and values the model makes.
for cmd in ("run", "layers", "cam", "featmap", "report", "grad"):
    case("graphs", f"{cmd} a graph with no outputs", [a.replace("{small_onnx}", "{no_outputs_onnx}") for a in COMMANDS[cmd]], must_refuse=True, mentions=("no_outputs.onnx",))
    case("graphs", f"{cmd} a uint8 input", [a.replace("{small_onnx}", "{uint8_onnx}") for a in COMMANDS[cmd]], mentions=("uint8.onnx",))
    case("graphs", f"{cmd} a bad preset in the metadata", [a.replace("{small_onnx}", "{bad_preset_onnx}") for a in COMMANDS[cmd]], mentions=("metadata", "bad_preset.onnx"))
for cmd in ("run", "cam", "report", "grad", "evaluate"):
    case("graphs", f"{cmd} huge logits", [a.replace("{small_onnx}", "{huge_logits_onnx}") for a in COMMANDS[cmd]])
    if cmd == "report":
        continue  # the report draws over an image: it takes no --input-tensor
    case("graphs", f"{cmd} NaN input tensor", [a for a in COMMANDS[cmd] if a != "{img_png}"] + ["--input-tensor", "{nan_npy}"], mentions=("NaN", "nan.npy"))
    case("graphs", f"{cmd} batch 0 input tensor", [a for a in COMMANDS[cmd] if a != "{img_png}"] + ["--input-tensor", "{batch0_npy}"], must_refuse=True, mentions=("batch0.npy",))
    case("graphs", f"{cmd} two descr keys", [a for a in COMMANDS[cmd] if a != "{img_png}"] + ["--input-tensor", "{two_descr_npy}"])
    case("graphs", f"{cmd} a 64 KB .npy header", [a for a in COMMANDS[cmd] if a != "{img_png}"] + ["--input-tensor", "{long_header_npy}"], must_refuse=True, mentions=("long_header.npy",))
case("graphs", "run huge logits --json", ["run", "{huge_logits_onnx}", "{img_png}", "--json"])
case("graphs", "run NaN --json", ["run", "{small_onnx}", "--input-tensor", "{nan_npy}", "--json"], mentions=("NaN", "nan.npy"))
case("graphs", "run Range(INT64_MIN, INT64_MAX, 2^62)", ["run", "{range_onnx}", "--save-outputs", "{dir}/o"], mentions=("range", "--input-tensor"))

# Image formats CamSharp does not read: named.
FORMATS = {"heic": "HEIC", "avif": "AVIF", "jp2": "JPEG 2000", "ico": "ICO", "psd": "PSD", "qoi": "QOI", "svg": "SVG",
           "webp": "WebP", "gif": "GIF", "tiff": "TIFF"}
for ext, named in FORMATS.items():
    for cmd in ("run", "cam", "report"):
        argv = [a.replace("{img_png}", "{image_" + ext + "}") for a in COMMANDS[cmd]]
        case("formats", f"{cmd} {ext}", argv, must_refuse=True, mentions=(named,))
    case("formats", f"cam --concept-image {ext}", ["cam", *CLASSIFY, "--concept-image", "{image_" + ext + "}", "--save-path", "{dir}/o.png"], must_refuse=True, mentions=(named, "--concept-image"))
case("formats", "run an empty .png", ["run", "{small_onnx}", "{empty_png}"], must_refuse=True, mentions=("empty.png",))
case("formats", "run a model that is an image", ["run", "{img_png}", "{img_png}"], must_refuse=True, mentions=("img.png",))
case("formats", "run an image that is a model", ["run", "{small_onnx}", "{small_onnx}"], must_refuse=True, mentions=("small.onnx",))

# Every command on plain good input still works (the harness itself is sound).
for cmd, argv in COMMANDS.items():
    case("baseline", f"{cmd} plain", argv, must_succeed=True)


def all_cases():
    import surface_cases  # noqa: F401  (registers the newer surface's cases on first import)
    import extra_cases  # noqa: F401
    import memory_cases  # noqa: F401
    return list(CASES)
