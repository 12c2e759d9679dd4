"""Makes the torchvision detector stand-ins in tests/CamSharp.Tests/Detection/Data: torchvision's own
SSD, Faster R-CNN, Mask R-CNN and Keypoint R-CNN classes (torchvision.models.detection) with tiny seeded random backbones and
heads, 4 classes (background + 3), exported as torchvision's detectors are: one unbatched
[3, 64, 64] image in, RGB in [0, 1], the transform (normalise, resize) and the post-processing
(box decoding, score threshold, NMS, top-k; Faster R-CNN's RPN, its NMS and RoIAlign) inside the
graph, outputs boxes [N, 4], scores [N], labels [N] in the order of torch's result dict (SSD:
boxes, scores, labels; Faster R-CNN: boxes, labels, scores; Mask R-CNN adds masks [N, 1, 64, 64],
Keypoint R-CNN keypoints [N, 5, 3] and keypoints_scores [N, 5], which the export pastes and decodes in
a Loop).

It writes tv_standin_input.npy (the seeded [3, 64, 64] input both models ran on) and for each
model <name>.onnx and torch's outputs <name>_boxes.npy, <name>_scores.npy, <name>_labels.npy. The weights are redrawn so that
scores do not tie: torchvision initialises its heads with tiny weights and zero biases, and tied
scores leave the order of TopK and NMS to each engine.

Developer tool, run from the repo root:
  /usr/bin/python3 tools/detector_export/export_torchvision_standins.py
"""
import os
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
from torchvision.models.detection import FasterRCNN, KeypointRCNN, MaskRCNN
from torchvision.models.detection.keypoint_rcnn import KeypointRCNNHeads, KeypointRCNNPredictor
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.models.detection.ssd import SSD, SSDHead
from torchvision.models.detection.anchor_utils import AnchorGenerator, DefaultBoxGenerator
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.ops import MultiScaleRoIAlign

OUT = os.path.join('tests', 'CamSharp.Tests', 'Detection', 'Data')
SIZE, CLASSES = 64, 4


class TinySsdBackbone(nn.Module):
    """Two feature maps (16x16 and 8x8), as SSD's backbones return an ordered dict of levels."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU())
        self.extra = nn.Sequential(nn.Conv2d(16, 16, 3, 2, 1), nn.ReLU())

    def forward(self, x):
        a = self.stem(x)
        return OrderedDict([('0', a), ('1', self.extra(a))])


def ssd():
    model = SSD(TinySsdBackbone(), DefaultBoxGenerator([[2], [2]]), (SIZE, SIZE), CLASSES,
                head=SSDHead([16, 16], [4, 4], CLASSES), score_thresh=0.05, nms_thresh=0.45,
                detections_per_img=10, topk_candidates=50)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)
                m.bias.normal_(0, 0.5)
    return model


def faster_rcnn(cls=FasterRCNN, classes=CLASSES, **heads):
    backbone = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.Conv2d(8, 8, 3, 2, 1), nn.ReLU())
    backbone.out_channels = 8
    model = cls(
        backbone, None, min_size=SIZE, max_size=SIZE,
        rpn_anchor_generator=AnchorGenerator(((16, 32),), ((0.5, 1.0, 2.0),)),
        rpn_pre_nms_top_n_test=60, rpn_post_nms_top_n_test=20,
        box_roi_pool=MultiScaleRoIAlign(['0'], 7, 2),
        box_head=TwoMLPHead(8 * 7 * 7, 32), box_predictor=FastRCNNPredictor(32, classes),
        box_score_thresh=0.05, box_detections_per_img=10, **heads)
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                # Moderate weights: He-initialised box regressions push Faster R-CNN's boxes off the image.
                m.weight.normal_(0, 0.3 if name.startswith('backbone') else 0.1)
                m.bias.normal_(0, 0.3)
    return model


def mask_rcnn():
    """Faster R-CNN's stand-in with a small mask branch: 14x14 RoIs, two 16-channel convs, 28x28 masks."""
    return faster_rcnn(MaskRCNN, mask_roi_pool=MultiScaleRoIAlign(['0'], 14, 2), mask_head=MaskRCNNHeads(8, (16, 16), 1),
                       mask_predictor=MaskRCNNPredictor(16, 16, CLASSES))


def keypoint_rcnn():
    """Faster R-CNN's stand-in (a person class and background) with 5 keypoints from a small heatmap branch."""
    return faster_rcnn(KeypointRCNN, classes=2, keypoint_roi_pool=MultiScaleRoIAlign(['0'], 14, 2),
                       keypoint_head=KeypointRCNNHeads(8, (16, 16)), keypoint_predictor=KeypointRCNNPredictor(16, 5))


def export(name, model, x):
    model.eval()
    with torch.no_grad():
        result = model([x])[0]
    keys = list(result.keys())  # torch's dict order is the export's output order
    path = os.path.join(OUT, f'{name}.onnx')
    # Opset 13: torchvision 0.14 writes RoiAlign in its opset-10 form (no coordinate_transformation_mode)
    # at any opset, and from opset 16 the spec's default is half_pixel, not torch's aligned=False:
    # an opset-17 export computes shifted RoIs in every runtime that follows the spec (ONNX Runtime too).
    torch.onnx.export(model, ([x],), path, opset_version=13, input_names=['image'], output_names=keys)
    for k in keys:
        np.save(os.path.join(OUT, f'{name}_{k}.npy'), result[k].numpy())
    scores = result['scores'].numpy()
    assert len(np.unique(scores)) == len(scores), f'{name}: tied scores {scores}'
    print(path, os.path.getsize(path), keys, {k: tuple(v.shape) for k, v in result.items()}, 'scores', np.round(scores, 3))


def main():
    torch.manual_seed(17)
    x = torch.rand(3, SIZE, SIZE)
    np.save(os.path.join(OUT, 'tv_standin_input.npy'), x.numpy().astype(np.float32))
    export('tv_ssd_standin', ssd(), x)
    export('tv_fasterrcnn_standin', faster_rcnn(), x)
    export('tv_maskrcnn_standin', mask_rcnn(), x)
    export('tv_keypointrcnn_standin', keypoint_rcnn(), x)


if __name__ == '__main__':
    main()
