"""The torchvision models of the sweep: how to build each, its input, and the layers to check.

Each spec names PyTorch module paths exactly as a user types them (`layer4`, `features.7`,
`backbone.layer4`): `layers` are the two layers whose gradients are compared (a middle and a
late one), `cam` the model's natural CAM layer (pytorch-grad-cam's README choice where it
gives one). `reshape` says how pytorch-grad-cam must read the CAM layer: 'vit' (class token +
grid), 'swin' (channels-last), 'mvit' (class token + the T×H×W grid of the block's input) or
None. Inputs are the smallest sizes the architectures allow without changing their structure
(adaptive pools of VGG and AlexNet need 224).

Middle layers are chosen so that the gradient does not pass a float32 kink of these seeded
weights: below densenet121's features.denseblock3 a ReLU input is exactly 0.0 in torch and
9e-8 in any other summation order, and below googlenet's inception4c two max-pool
candidates of 9.4774e-08 swap places; either moves single gradient elements by 1e-3..1e-1
of the maximum, which says nothing about the engine.
"""
import torch
import torchvision

M = torchvision.models
SEG = M.segmentation
DET = M.detection
VID = M.video


def last(seq_path, model):
    """`features.<last index>`: the last child of a Sequential, as a module path."""
    seq = model.get_submodule(seq_path)
    return f'{seq_path}.{len(seq) - 1}'


def mid(seq_path, model):
    seq = model.get_submodule(seq_path)
    return f'{seq_path}.{len(seq) // 2}'


def classifier(name, make, size, late, middle, cam=None, reshape=None):
    return dict(name=name, kind='classifier', make=make, input=(1, 3, size, size),
                late=late, middle=middle, cam=cam or late, reshape=reshape)


def seq_classifier(name, make, size, seq='features'):
    return classifier(name, make, size, lambda m: last(seq, m), lambda m: mid(seq, m))


def mvit_at(builder, spatial, temporal):
    """torchvision's MViT builder with its own block settings at another clip size (the builders fix 224 and 16)."""
    import torchvision.models.video.mvit as mvit
    original = mvit._mvit

    def sized(**kwargs):
        return original(**(kwargs | dict(spatial_size=spatial, temporal_size=temporal)))
    mvit._mvit = sized
    try:
        return builder()
    finally:
        mvit._mvit = original


def const(path):
    return lambda m: path


def segmenter(name, make, late, middle, aux=None):
    """A torchvision segmenter with 21 classes, no auxiliary head, CAM at its backbone's last stage."""
    kwargs = dict(weights_backbone=None, num_classes=21) | ({} if aux is False else dict(aux_loss=False))
    return dict(name=name, kind='segmenter', make=lambda: make(**kwargs), input=(1, 3, 128, 128),
                late=const(late), middle=const(middle), cam=const(late), reshape=None)


SPECS = [
    classifier('resnet18', M.resnet18, 128, const('layer4'), const('layer2')),
    classifier('resnet50', M.resnet50, 128, const('layer4'), const('layer2')),
    classifier('resnext50_32x4d', M.resnext50_32x4d, 128, const('layer4'), const('layer3')),
    classifier('wide_resnet50_2', M.wide_resnet50_2, 128, const('layer4'), const('layer2')),
    seq_classifier('vgg11', M.vgg11, 224),
    seq_classifier('vgg11_bn', M.vgg11_bn, 224),
    seq_classifier('alexnet', M.alexnet, 224),
    seq_classifier('squeezenet1_0', M.squeezenet1_0, 128),
    seq_classifier('squeezenet1_1', M.squeezenet1_1, 128),
    classifier('densenet121', M.densenet121, 128, const('features.denseblock4'), const('features.denseblock3')),
    classifier('densenet161', M.densenet161, 128, const('features.denseblock4'), const('features.denseblock3')),
    classifier('densenet169', M.densenet169, 128, const('features.denseblock4'), const('features.denseblock3')),
    classifier('densenet201', M.densenet201, 128, const('features.denseblock4'), const('features.denseblock3')),
    classifier('inception_v3', lambda: M.inception_v3(init_weights=True, aux_logits=False), 160, const('Mixed_7c'), const('Mixed_6a')),
    classifier('googlenet', lambda: M.googlenet(init_weights=True, aux_logits=False), 128, const('inception5b'), const('inception4c')),
    seq_classifier('mobilenet_v2', M.mobilenet_v2, 128),
    seq_classifier('mobilenet_v3_large', M.mobilenet_v3_large, 128),
    seq_classifier('mobilenet_v3_small', M.mobilenet_v3_small, 128),
    seq_classifier('mnasnet0_5', M.mnasnet0_5, 128, seq='layers'),
    classifier('shufflenet_v2_x0_5', M.shufflenet_v2_x0_5, 128, const('conv5'), const('stage3')),
    classifier('shufflenet_v2_x1_0', M.shufflenet_v2_x1_0, 128, const('conv5'), const('stage3')),
    seq_classifier('efficientnet_b0', M.efficientnet_b0, 128),
    seq_classifier('efficientnet_b1', M.efficientnet_b1, 128),
    seq_classifier('efficientnet_b2', M.efficientnet_b2, 128),
    seq_classifier('efficientnet_b3', M.efficientnet_b3, 128),
    seq_classifier('efficientnet_v2_s', M.efficientnet_v2_s, 128),
    seq_classifier('efficientnet_v2_m', M.efficientnet_v2_m, 128),
    classifier('regnet_x_400mf', M.regnet_x_400mf, 128, const('trunk_output'), const('trunk_output.block2')),
    classifier('regnet_y_400mf', M.regnet_y_400mf, 128, const('trunk_output'), const('trunk_output.block2')),
    classifier('regnet_x_800mf', M.regnet_x_800mf, 128, const('trunk_output'), const('trunk_output.block2')),
    classifier('regnet_y_800mf', M.regnet_y_800mf, 128, const('trunk_output'), const('trunk_output.block2')),
    classifier('regnet_y_1_6gf', M.regnet_y_1_6gf, 128, const('trunk_output'), const('trunk_output.block3')),
    classifier('regnet_y_3_2gf', M.regnet_y_3_2gf, 128, const('trunk_output'), const('trunk_output.block3')),
    seq_classifier('convnext_tiny', M.convnext_tiny, 128),
    seq_classifier('convnext_small', M.convnext_small, 128),
    classifier('vit_b_16', M.vit_b_16, 224, const('encoder.layers.encoder_layer_11.ln_1'),
               const('encoder.layers.encoder_layer_5'), reshape='vit'),
    classifier('vit_b_32', M.vit_b_32, 224, const('encoder.layers.encoder_layer_11.ln_1'),
               const('encoder.layers.encoder_layer_5'), reshape='vit'),
    classifier('swin_t', M.swin_t, 224, const('features.7'), const('features.3'), reshape='swin'),
    classifier('swin_s', M.swin_s, 224, const('features.7'), const('features.3'), reshape='swin'),
    classifier('swin_b', M.swin_b, 224, const('features.7'), const('features.3'), reshape='swin'),
    classifier('swin_v2_t', M.swin_v2_t, 224, const('features.7'), const('features.3'), reshape='swin'),
    classifier('vit_l_16', M.vit_l_16, 224, const('encoder.layers.encoder_layer_23.ln_1'),
               const('encoder.layers.encoder_layer_11'), reshape='vit'),
    classifier('maxvit_t', M.maxvit_t, 224, const('blocks.3'), const('blocks.1')),
    segmenter('fcn_resnet50', SEG.fcn_resnet50, 'backbone.layer4', 'backbone.layer2'),
    segmenter('fcn_resnet101', SEG.fcn_resnet101, 'backbone.layer4', 'backbone.layer3'),
    segmenter('deeplabv3_resnet50', SEG.deeplabv3_resnet50, 'backbone.layer4', 'backbone.layer2'),
    segmenter('deeplabv3_resnet101', SEG.deeplabv3_resnet101, 'backbone.layer4', 'backbone.layer3'),
    segmenter('deeplabv3_mobilenet_v3_large', SEG.deeplabv3_mobilenet_v3_large, 'backbone.16', 'backbone.8'),
    segmenter('lraspp_mobilenet_v3_large', SEG.lraspp_mobilenet_v3_large, 'backbone.16', 'backbone.8', aux=False),
    dict(name='r3d_18', kind='video', make=VID.r3d_18, input=(1, 3, 8, 112, 112), late=const('layer4'), middle=const('layer2'), cam=const('layer4'), reshape=None),
    dict(name='mc3_18', kind='video', make=VID.mc3_18, input=(1, 3, 8, 112, 112), late=const('layer4'), middle=const('layer2'), cam=const('layer4'), reshape=None),
    dict(name='r2plus1d_18', kind='video', make=VID.r2plus1d_18, input=(1, 3, 8, 112, 112), late=const('layer4'), middle=const('layer2'), cam=const('layer4'), reshape=None),
    dict(name='s3d', kind='video', make=VID.s3d, input=(1, 3, 16, 224, 224), late=const('features.15'), middle=const('features.8'), cam=const('features.15'), reshape=None),
    # MViT's blocks return (tokens, thw): the layers are their MLPs' token outputs. CAM at the last block's first
    # norm (the ViT tutorial's choice), its class token dropped and the T·H·W tokens read as a volume ('mvit').
    # graph_shape_inference=False: torch's whole-graph shape inference runs out of memory on full-size MViT
    # (export_sweep.without_graph_shape_inference says why); the graph is the same without it.
    dict(name='mvit_v1_b', kind='video', make=VID.mvit_v1_b, input=(1, 3, 16, 224, 224), late=const('blocks.15.mlp'), middle=const('blocks.8.mlp'),
         cam=const('blocks.15.norm1'), reshape='mvit', graph_shape_inference=False),
    dict(name='mvit_v2_s', kind='video', make=VID.mvit_v2_s, input=(1, 3, 16, 224, 224), late=const('blocks.15.mlp'), middle=const('blocks.8.mlp'),
         cam=const('blocks.15.norm1'), reshape='mvit', graph_shape_inference=False),
    # The same MViT code (relative positions, attention pooling, 16 blocks) built for 4×64×64 clips, exported as a
    # user would (whole-graph shape inference on): the small form of the full-size rows.
    dict(name='mvit_v2_s_4x64', kind='video', make=lambda: mvit_at(VID.mvit_v2_s, (64, 64), 4), input=(1, 3, 4, 64, 64),
         late=const('blocks.15.mlp'), middle=const('blocks.8.mlp'), cam=const('blocks.15.norm1'), reshape='mvit'),
    dict(name='mvit_v1_b_4x64', kind='video', make=lambda: mvit_at(VID.mvit_v1_b, (64, 64), 4), input=(1, 3, 4, 64, 64),
         late=const('blocks.15.mlp'), middle=const('blocks.8.mlp'), cam=const('blocks.15.norm1'), reshape='mvit'),
]


def detector(name, make, size):
    return dict(name=name, kind='detector', make=make, input=(1, 3, size, size), late=const('backbone'), middle=None, cam=None, reshape=None)


SPECS += [
    detector('ssd300_vgg16', lambda: DET.ssd300_vgg16(weights_backbone=None, num_classes=5, score_thresh=0.0, detections_per_img=50), 300),
    detector('ssdlite320_mobilenet_v3_large', lambda: DET.ssdlite320_mobilenet_v3_large(
        weights_backbone=None, num_classes=5, score_thresh=0.0, detections_per_img=50), 320),
    detector('fasterrcnn_mobilenet_v3_large_320_fpn', lambda: DET.fasterrcnn_mobilenet_v3_large_320_fpn(
        weights_backbone=None, num_classes=5, box_score_thresh=0.0, box_detections_per_img=50), 320),
    detector('retinanet_resnet50_fpn', lambda: DET.retinanet_resnet50_fpn(
        weights_backbone=None, num_classes=5, score_thresh=0.0, detections_per_img=50, min_size=320, max_size=320), 320),
    detector('fcos_resnet50_fpn', lambda: DET.fcos_resnet50_fpn(
        weights_backbone=None, num_classes=5, score_thresh=0.0, detections_per_img=50, min_size=320, max_size=320), 320),
    # Two-stage heads with extra outputs (masks; keypoints and their scores): boxes, scores and labels are compared.
    detector('maskrcnn_resnet50_fpn', lambda: DET.maskrcnn_resnet50_fpn(
        weights_backbone=None, num_classes=5, box_score_thresh=0.0, box_detections_per_img=50, min_size=320, max_size=320), 320),
    detector('keypointrcnn_resnet50_fpn', lambda: DET.keypointrcnn_resnet50_fpn(
        weights_backbone=None, num_classes=2, box_score_thresh=0.0, box_detections_per_img=50, min_size=320, max_size=320), 320),
]

BY_NAME = {s['name']: s for s in SPECS}
