"""More hostile inputs of the same kinds (the second rerun of issue 18): .npy shapes that are
negative or overflow, gzip'd .npy that inflate past what they claim, PNGs whose IHDR lies,
truncated JPEGs, huge or binary labels and boxes files, models whose external data is a FIFO,
a folder, a device or an absolute path. Made in the scratch folder; nothing is committed.
"""
import gzip
import os
import struct

from onnx import TensorProto, helper

import make_inputs as mi


def make_extra(root, p):
    d = os.path.join(root, "in")

    def path(name):
        p[name] = os.path.join(d, name)
        return p[name]

    # .npy shapes a reader must refuse before allocating.
    for name, shape in (("neg_shape", (1, 3, -32, 32)), ("overflow_shape", (2**62, 2**62, 3, 3)),
                        ("int32_shape", (1, 3, 2**31, 2)), ("zero_dims", (1, 3, 0, 32))):
        open(path(f"{name}.npy"), "wb").write(mi.npy_header("<f4", shape) + b"\0" * 64)
    open(path("text_shape.npy"), "wb").write(mi.npy_header("<f4", ("'a'", 3, 32, 32)) + b"\0" * 64)
    open(path("object.npy"), "wb").write(mi.npy_header("|O", (1, 3, 32, 32)) + b"\0" * 64)
    # A gzip'd .npy claiming a small tensor whose stream inflates to 2 GB of zeros after it,
    # and one claiming 4.8 GB (1x3x20000x20000 floats) in a 5 MB file.
    with gzip.open(path("tail_bomb.npy.gz"), "wb", compresslevel=9) as f:
        f.write(mi.npy_header("<f4", (1, 3, 32, 32)))
        zeros = b"\0" * (1 << 24)
        for _ in range(128):
            f.write(zeros)
    with gzip.open(path("claims_gz.npy.gz"), "wb", compresslevel=9) as f:
        f.write(mi.npy_header("<f4", (1, 3, 20000, 20000)))
        f.write(b"\0" * (1 << 20))

    # PNGs whose IHDR lies: 32x32 claimed, 16000x16000 of rows inflated; 16000x16000 claimed
    # over a 32x32 stream; an IHDR with a bad CRC; width 0.
    src = os.path.join(d, "lie_src.png")
    mi.png_of_zeros(src, 16000, 16000)
    data = bytearray(open(src, "rb").read())
    struct.pack_into(">II", data, 16, 32, 32)
    fix_ihdr_crc(data)
    open(path("ihdr_small.png"), "wb").write(bytes(data))
    mi.png_of_zeros(src, 32, 32)
    data = bytearray(open(src, "rb").read())
    struct.pack_into(">II", data, 16, 16000, 16000)
    fix_ihdr_crc(data)
    open(path("ihdr_big.png"), "wb").write(bytes(data))
    data = bytearray(open(src, "rb").read())
    data[29] ^= 0xFF
    open(path("ihdr_crc.png"), "wb").write(bytes(data))
    data = bytearray(open(src, "rb").read())
    struct.pack_into(">II", data, 16, 0, 32)
    fix_ihdr_crc(data)
    open(path("ihdr_zero.png"), "wb").write(bytes(data))
    os.remove(src)
    jpeg = open(p["bus.jpg"], "rb").read()
    open(path("truncated.jpg"), "wb").write(jpeg[: len(jpeg) // 2])
    open(path("header_only.jpg"), "wb").write(jpeg[:700])

    # Labels and boxes files that are huge (sparse 4 GiB), binary, or one 50 MB line.
    for name in ("huge_labels.txt", "huge_boxes.json", "huge_labels.csv"):
        with open(path(name), "wb") as f:
            f.truncate(4 << 30)
    open(path("binary_labels.txt"), "wb").write(os.urandom(1 << 20))
    open(path("binary_boxes.json"), "wb").write(os.urandom(1 << 20))
    open(path("one_line_labels.txt"), "wb").write(b"x" * (50 << 20))
    open(path("deep_boxes.json"), "wb").write(b"[" * 200000 + b"]" * 200000)

    # External data that is not a regular file inside the model's folder.
    for kind in ("fifo", "folder", "device", "absolute", "huge_length"):
        folder = os.path.join(root, f"ext_{kind}")
        os.makedirs(folder, exist_ok=True)
        location, length = "w.bin", 64
        if kind == "fifo":
            os.mkfifo(os.path.join(folder, "w.bin"))
        elif kind == "folder":
            os.makedirs(os.path.join(folder, "w.bin"))
        elif kind == "device":
            os.symlink("/dev/zero", os.path.join(folder, "w.bin"))
        elif kind == "absolute":
            location = os.path.join(root, "outside", "secret.txt")
        else:
            open(os.path.join(folder, "w.bin"), "wb").write(b"\0" * 64)
            length = 1 << 40
        weight = TensorProto(name="weight", data_type=TensorProto.UINT8, dims=[length])
        weight.data_location = TensorProto.EXTERNAL
        for k, v in (("location", location), ("length", str(length))):
            weight.external_data.add(key=k, value=v)
        mi.save_model(os.path.join(folder, "model.onnx"), [helper.make_node("Identity", ["weight"], ["leak"], name="leak")], [],
                      [helper.make_tensor_value_info("leak", TensorProto.UINT8, [length])], [weight])
        p[f"ext_{kind}_model"] = os.path.join(folder, "model.onnx")
    return p


def fix_ihdr_crc(data):
    import zlib
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
