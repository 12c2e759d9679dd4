"""Hostile input files for hostile_cli.py: bombs, odd formats, odd models, odd .npy files.

Everything is made in a scratch folder from the shared assets; nothing here is committed.
"""
import gzip
import os
import shutil
import struct
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SECRET = b"CAMSHARP-SECRET-7f3a"


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_of_zeros(path, width, height, bit_depth=8, color_type=0):
    """A PNG whose pixels are all zero: a few hundred KB that inflate to width x height x channels."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    row = b"\0" * (1 + width * channels * bit_depth // 8)
    z = zlib.compressobj(9)
    parts = [z.compress(row) for _ in range(height)]
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b""))


def jpeg_claiming(path, source_jpeg, width, height):
    """A real JPEG with its SOF dimensions rewritten."""
    data = bytearray(open(source_jpeg, "rb").read())
    i = 2
    while i < len(data) - 9:
        if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC1, 0xC2):
            struct.pack_into(">HH", data, i + 5, height, width)
            break
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0] if data[i] == 0xFF else 1
    open(path, "wb").write(bytes(data))


def bmp_claiming(path, width, height):
    header = struct.pack("<2sIHHI", b"BM", 54 + 16, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    open(path, "wb").write(header + info + b"\0" * 16)


def npy_header(descr, shape, extra=""):
    text = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), %s}" % (descr, ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""), extra)
    text += " " * ((64 - (len(text) + 11) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode()


def save_model(path, nodes, inputs, outputs, initializers=(), opset=13, metadata=None, external=None):
    graph = helper.make_graph(nodes, "hostile", inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="hostile_cli")
    for k, v in (metadata or {}).items():
        model.metadata_props.add(key=k, value=v)
    model.ir_version = 7
    onnx.save(model, path)


def small_classifier(path, scale=1.0, input_type=TensorProto.FLOAT, metadata=None, output_names=("logits",)):
    """[1,3,32,32] -> Conv(8) -> Relu -> GlobalAveragePool -> Flatten -> Gemm(10) x scale."""
    rng = np.random.default_rng(18)
    w = numpy_helper.from_array(rng.standard_normal((8, 3, 3, 3)).astype(np.float32), "w")
    g = numpy_helper.from_array((rng.standard_normal((10, 8)) * scale).astype(np.float32), "g")
    nodes = []
    x = "input"
    if input_type != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", ["input"], ["xf"], to=TensorProto.FLOAT, name="/cast/Cast"))
        x = "xf"
    nodes += [
        helper.make_node("Conv", [x, "w"], ["c"], pads=[1, 1, 1, 1], name="/features/features.0/Conv"),
        helper.make_node("Relu", ["c"], ["r"], name="/features/features.1/Relu"),
        helper.make_node("GlobalAveragePool", ["r"], ["p"], name="/pool/GlobalAveragePool"),
        helper.make_node("Flatten", ["p"], ["f"], name="/flatten/Flatten"),
        helper.make_node("Gemm", ["f", "g"], [output_names[0]], transB=1, name="/fc/Gemm"),
    ]
    outs = [helper.make_tensor_value_info(output_names[0], TensorProto.FLOAT, [1, 10])]
    for i, extra in enumerate(output_names[1:]):
        nodes.append(helper.make_node("Identity", [output_names[0]], [extra], name=f"/extra{i}/Identity"))
        outs.append(helper.make_tensor_value_info(extra, TensorProto.FLOAT, [1, 10]))
    save_model(path, nodes, [helper.make_tensor_value_info("input", input_type, [1, 3, 32, 32])], outs, [w, g], metadata=metadata)


def make_all(root, assets, fixtures):
    """Writes every hostile input under root/in; returns a dict of names to paths."""
    d = os.path.join(root, "in")
    os.makedirs(d, exist_ok=True)
    p = {}

    def path(name):
        p[name] = os.path.join(d, name)
        return p[name]

    shutil.copy(os.path.join(assets, "images/cat-dog.png"), path("img.png"))
    shutil.copy(os.path.join(assets, "images/bus.jpg"), path("bus.jpg"))
    shutil.copy(os.path.join(assets, "models/squeezenet1_1_tv.onnx"), path("squeeze.onnx"))
    shutil.copy(os.path.join(assets, "models/yolov8n_dequant_fp32.onnx"), path("yolo.onnx"))
    shutil.copy(os.path.join(fixtures, "models/tinyyolo.onnx"), path("tinyyolo.onnx"))
    shutil.copy(os.path.join(fixtures, "models/digitcnn.onnx"), path("digit.onnx"))
    shutil.copy(os.path.join(fixtures, "inputs/det96_a.png"), path("det.png"))
    small_classifier(path("small.onnx"))
    small_classifier(path("huge_logits.onnx"), scale=1e6)
    small_classifier(path("uint8.onnx"), input_type=TensorProto.UINT8)
    small_classifier(path("bad_preset.onnx"), metadata={"camsharp.preprocess": "bogus", "preprocess": "bogus"})
    small_classifier(path("outnames.onnx"), output_names=("logits", "a/b", "a_b", "x" * 234))
    small_classifier(path("nul_name.onnx"), output_names=("logits", "bad\0name"))
    np.save(path("t.npy"), np.random.default_rng(1).standard_normal((1, 3, 32, 32)).astype(np.float32))
    np.save(path("nan.npy"), np.full((1, 3, 32, 32), np.nan, np.float32))
    np.save(path("batch0.npy"), np.zeros((0, 3, 32, 32), np.float32))
    open(path("labels.txt"), "w").write("".join(f"class{i}\n" for i in range(10)))
    open(path("long_labels.txt"), "w").write("".join(f"class{i} " + "very long name " * 150 + "\n" for i in range(10)))
    shutil.copy(os.path.join(assets, "labels/imagenet1k_classes.txt"), path("imagenet.txt"))
    from PIL import Image
    Image.open(p["img.png"]).convert("RGB").save(path("img.ppm"))
    Image.open(p["det.png"]).convert("RGB").save(path("det.ppm"))
    open(path("eval_labels.csv"), "w").write("img.png,1\n")
    open(path("boxes.json"), "w").write('{"img.png": [0, 0, 10, 10]}')
    open(path("secret.txt"), "wb").write(SECRET * 4)

    # Graphs that are wrong as a whole.
    save_model(path("no_outputs.onnx"), [helper.make_node("Relu", ["input"], ["r"], name="relu")],
               [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])], [])
    deep = "/".join(f"m{i}" for i in range(20000))
    save_model(path("deep_names.onnx"), [helper.make_node("Relu", ["input"], ["out"], name=f"/{deep}/Relu")],
               [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
               [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 3, 32, 32])])
    i64 = lambda n, v: numpy_helper.from_array(np.array(v, np.int64), n)
    save_model(path("range.onnx"), [helper.make_node("Range", ["s", "l", "d"], ["out"], name="range")], [],
               [helper.make_tensor_value_info("out", TensorProto.INT64, None)],
               [i64("s", -2**63), i64("l", 2**63 - 1), i64("d", 2**62)], opset=13)

    # External data that escapes through a linked folder: the model folder holds 'sub' -> a
    # folder with the secret, and the weight's location is 'sub/secret.txt'.
    ext = os.path.join(root, "ext")
    os.makedirs(os.path.join(root, "outside"), exist_ok=True)
    shutil.copy(p["secret.txt"], os.path.join(root, "outside", "secret.txt"))
    os.makedirs(ext, exist_ok=True)
    weight = TensorProto(name="weight", data_type=TensorProto.UINT8, dims=[len(SECRET) * 4])
    weight.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "sub/secret.txt"), ("length", str(len(SECRET) * 4))):
        weight.external_data.add(key=k, value=v)
    save_model(os.path.join(ext, "model.onnx"), [helper.make_node("Identity", ["weight"], ["leak"], name="leak")], [],
               [helper.make_tensor_value_info("leak", TensorProto.UINT8, [len(SECRET) * 4])], [weight])
    os.symlink(os.path.join(root, "outside"), os.path.join(ext, "sub"))
    p["ext_model"] = os.path.join(ext, "model.onnx")
    dotdot = os.path.join(root, "ext2")
    os.makedirs(os.path.join(dotdot, "inner"), exist_ok=True)
    weight.external_data[0].value = "inner/../../outside/secret.txt"
    save_model(os.path.join(dotdot, "model.onnx"), [helper.make_node("Identity", ["weight"], ["leak"], name="leak")], [],
               [helper.make_tensor_value_info("leak", TensorProto.UINT8, [len(SECRET) * 4])], [weight])
    p["dotdot_model"] = os.path.join(dotdot, "model.onnx")

    # Bombs.
    png_of_zeros(path("bomb16k.png"), 16000, 16000)
    png_of_zeros(path("bomb16bit.png"), 6000, 6000, bit_depth=16, color_type=6)
    png_of_zeros(path("bomb_wide.png"), 200000, 4)
    jpeg_claiming(path("bomb.jpg"), p["bus.jpg"], 65500, 65500)
    bmp_claiming(path("bomb.bmp"), 60000, 60000)
    bmp_claiming(path("bomb_neg.bmp"), 60000, -60000)
    open(path("bomb.ppm"), "wb").write(b"P6\n60000 60000\n255\n" + b"\0" * 64)
    open(path("bomb.pgm"), "wb").write(b"P5\n99999999 99999999\n65535\n" + b"\0" * 64)
    with open(path("honest_big.npy"), "wb") as f:
        f.write(npy_header("<f4", (1, 3, 15000, 15000)))
        f.truncate(128 + 4 * 3 * 15000 * 15000)  # sparse: the size it claims, on disk
    with gzip.open(path("bomb.npy.gz"), "wb", compresslevel=1) as f:
        f.write(npy_header("<f4", (1, 3, 6000, 6000)))
        zeros = b"\0" * (1 << 22)
        for _ in range(4 * 3 * 6000 * 6000 // len(zeros)):
            f.write(zeros)
    open(path("claims.npy"), "wb").write(npy_header("<f4", (1, 3, 100000, 100000)) + b"\0" * 64)
    open(path("two_descr.npy"), "wb").write(npy_header("<f4", (1, 3, 32, 32), "'descr': '<f8', ") + b"\0" * (8 * 3 * 32 * 32))
    open(path("long_header.npy"), "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", 65000) + b"{" + b"x" * 64998 + b"\n")
    with open(path("sparse4g.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(4 << 30)

    # Formats CamSharp does not read, each with its real magic bytes.
    magic = {
        "heic": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "avif": b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf",
        "jp2": b"\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14ftypjp2 ", "ico": b"\0\0\1\0\1\0\x10\x10\0\0\1\0 \0",
        "psd": b"8BPS\0\1\0\0\0\0\0\0\0\3", "qoi": b"qoif\0\0\0\x10\0\0\0\x10\4\0",
        "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        "webp": b"RIFF\x24\0\0\0WEBPVP8 ", "gif": b"GIF89a\x10\0\x10\0", "tiff": b"II*\0\x08\0\0\0",
    }
    for ext_name, data in magic.items():
        open(path(f"image.{ext_name}"), "wb").write(data + b"\0" * 64)
    open(path("empty.png"), "wb").close()
    import extra_inputs
    return extra_inputs.make_extra(root, p)
