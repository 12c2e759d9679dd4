"""Writes the class-name lists CamSharp bundles (src/CamSharp/Resources/*.txt), one name per
line in index order, from the lists torchvision ships with its pretrained weights:
ImageNet-1k from torchvision.models._meta._IMAGENET_CATEGORIES, Pascal VOC's 21 (background
first, as torchvision's segmentation models number them) from _VOC_CATEGORIES, COCO-80 from
_COCO_CATEGORIES without the background entry and the 11 unused "N/A" ids (the order
Ultralytics and MMDetection use for their 80 contiguous class ids), and COCO-91 as it is: the
category ids torchvision's detection models give as labels (0 = __background__, "N/A" for ids
COCO does not use).
Run with Debian's python3-torchvision: python3 tools/class_names/make_class_names.py"""
import os
from torchvision.models import _meta

out = os.path.join(os.path.dirname(__file__), "..", "..", "src", "CamSharp", "Resources")
imagenet = list(_meta._IMAGENET_CATEGORIES)
coco = [c for c in _meta._COCO_CATEGORIES if c not in ("__background__", "N/A")]
coco91 = list(_meta._COCO_CATEGORIES)
voc = list(_meta._VOC_CATEGORIES)
assert len(imagenet) == 1000 and len(coco) == 80 and len(coco91) == 91 and len(voc) == 21, (len(imagenet), len(coco), len(coco91), len(voc))
for name, names in (("imagenet1k_classes.txt", imagenet), ("coco80_classes.txt", coco), ("coco91_classes.txt", coco91), ("voc21_classes.txt", voc)):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
