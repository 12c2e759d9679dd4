# Makes tests/CamSharp.Tests/Explain/Data/metrics_reference.json and the imputer case
# (imputer_image.npy, imputer_mask.npy, imputer_spsolve.npy) that the metric tests compare with.
#
# pytorch-grad-cam is not installed here, so its metric formulas (metrics/perturbation_confidence.py,
# metrics/cam_mult_image.py, metrics/road.py at 1.5.5) are re-implemented below, step by step, on a
# PyTorch model rebuilt from the fixture ONNX file (digitcnn, tinyyolo: Conv/Relu/MaxPool/
# GlobalAveragePool/Flatten/Gemm only). Deletion/insertion follow RISE's evaluation.py
# (eclique/RISE). The CAMs fed to the metrics are pytorch-grad-cam's own fixture maps.
#
# Two variants are recorded where pytorch-grad-cam's rule is ill-posed:
#   *_pgc   : literally what pytorch-grad-cam computes (keeps pixels strictly below the percentile
#             value; with many tied values it keeps too few, at worst none: a singular system);
#   *_fixed : the percentile rule CamSharp uses (keep exactly ceil(q (n-1)) pixels; ties in
#             pixel order).
# Noise is 0 so the values are deterministic. Deletion/insertion order ties by pixel index.
# Developer tool: Debian python3 with torch, onnx, numpy, scipy.
#   /usr/bin/python3 tools/reference_data/metrics_reference.py      (from the repository root)
import json
import math

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from scipy.ndimage import gaussian_filter
from scipy.sparse import lil_matrix, csc_matrix
from scipy.sparse.linalg import spsolve

FIX = '../shared/fixtures/'
OUT = 'tests/CamSharp.Tests/Explain/Data/'
PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90]
torch.set_grad_enabled(False)


def onnx_model(path):
    """A forward function running the ONNX graph with torch.nn.functional (the ops these fixtures use)."""
    graph = onnx.load(path).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}

    def attrs(node):
        return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}

    def run(x):
        values = dict(weights)
        values[graph.input[0].name] = x
        for node in graph.node:
            a = attrs(node)
            ins = [values[i] for i in node.input if i]
            if node.op_type == 'Conv':
                pads = a.get('pads', [0, 0, 0, 0])
                assert pads[0] == pads[2] and pads[1] == pads[3]
                y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a.get('strides', [1, 1]),
                             padding=pads[:2], dilation=a.get('dilations', [1, 1]), groups=a.get('group', 1))
            elif node.op_type == 'Relu':
                y = F.relu(ins[0])
            elif node.op_type == 'MaxPool':
                pads = a.get('pads', [0, 0, 0, 0])
                y = F.max_pool2d(ins[0], a['kernel_shape'], a.get('strides', a['kernel_shape']), pads[:2],
                                 ceil_mode=bool(a.get('ceil_mode', 0)))
            elif node.op_type == 'GlobalAveragePool':
                y = ins[0].mean(dim=(2, 3), keepdim=True)
            elif node.op_type == 'Flatten':
                y = torch.flatten(ins[0], a.get('axis', 1))
            elif node.op_type == 'Gemm':
                w = ins[1].t() if a.get('transB', 0) else ins[1]
                y = a.get('alpha', 1.0) * ins[0] @ w + a.get('beta', 1.0) * ins[2]
            else:
                raise ValueError(node.op_type)
            values[node.output[0]] = y
        return values[graph.output[0].name]
    return run


# ---- targets (pytorch-grad-cam utils/model_targets.py) -------------------------------------------
def softmax_target(c):
    return lambda out: torch.softmax(out, dim=-1)[c]


def logit_target(c):
    return lambda out: out[c]


def elements_sum_target(indices):
    # The fixtures' detector target: out[obj, i, j] + out[5 + label, i, j] of one sample's output.
    return lambda out: sum(out[k, i, j] for k, i, j in indices)


# ---- PerturbationConfidenceMetric, CamMultImageConfidenceChange, Drop/Increase ------------------
def scores_of(model, batch, target):
    return np.float32([target(o).item() for o in model(batch)])


def perturbation_metric(model, x, cams, target, perturb):
    before = scores_of(model, x, target)
    perturbed = torch.cat([perturb(x[i], torch.from_numpy(cams[i])).unsqueeze(0) for i in range(x.shape[0])])
    after = scores_of(model, perturbed, target)
    return after - before


# ---- ROAD: NoisyLinearImputer (noise 0) and the percentile masks --------------------------------
NEIGHBOURS = [((1, 1), 1 / 12), ((0, 1), 1 / 6), ((-1, 1), 1 / 12), ((1, -1), 1 / 12),
              ((0, -1), 1 / 6), ((-1, -1), 1 / 12), ((1, 0), 1 / 6), ((-1, 0), 1 / 6)]


def imputation_system(mask, img):
    """A x = b over the pixels where mask == 0: each is the weighted mean of its in-image neighbours."""
    h, w = mask.shape
    flat_mask = mask.reshape(-1)
    flat_img = img.reshape(img.shape[0], -1)
    unknown = np.argwhere(flat_mask == 0).ravel()
    var_of = np.zeros(flat_mask.size, dtype=int)
    var_of[unknown] = np.arange(len(unknown))
    a = lil_matrix((len(unknown), len(unknown)))
    b = np.zeros((len(unknown), img.shape[0]))
    weight_sum = np.ones(len(unknown))
    for (dy, dx), wt in NEIGHBOURS:
        y, x = unknown // w + dy, unknown % w + dx
        inside = (y >= 0) & (x >= 0) & (y < h) & (x < w)
        nb = (unknown + dy * w + dx)[inside]
        rows = np.argwhere(inside).ravel()
        known = flat_mask[nb] > 0.5
        b[rows[known], :] -= wt * flat_img[:, nb[known]].T
        a[rows[~known], var_of[nb[~known]]] = wt
        weight_sum[~inside] -= wt
    a[np.arange(len(unknown)), np.arange(len(unknown))] = -weight_sum
    return a, b


def impute(img, mask):
    """NoisyLinearImputer.__call__ with noise 0; img C x H x W (torch), mask H x W (torch, 1 = keep)."""
    flat = img.reshape(img.shape[0], -1).clone()
    unknown = np.argwhere(mask.reshape(-1).numpy() == 0).ravel()
    a, b = imputation_system(mask.numpy(), img.numpy())
    solution = torch.tensor(spsolve(csc_matrix(a), b), dtype=torch.float)
    if solution.dim() == 1:
        solution = solution.unsqueeze(1)
    flat[:, unknown] = solution.t()
    return flat.reshape(img.shape)


def kept_pgc(mask_values, p):
    # RemoveMostRelevantFirst: keep where mask < np.percentile(mask, p).
    return np.float32(mask_values < np.percentile(mask_values, p))


def kept_fixed(mask_values, p):
    # CamSharp's rule: the ceil(q (n-1)) lowest values, ties in pixel order.
    flat = mask_values.reshape(-1)
    x = p / 100 * (flat.size - 1)
    k = int(round(x)) if abs(x - round(x)) < 1e-9 else int(math.ceil(x))
    keep = np.zeros(flat.size, dtype=np.float32)
    keep[np.argsort(flat, kind='stable')[:k]] = 1
    return keep.reshape(mask_values.shape)


def road(model, x, cams, target, p, most_relevant_first, rule):
    def perturb(img, cam):
        m = cam if most_relevant_first else 1 - cam
        keep = torch.from_numpy(rule(m.numpy(), p))
        if keep.sum() == 0:
            return torch.full_like(img, float('nan'))   # spsolve on the singular system gives NaN
        return impute(img, keep)
    return perturbation_metric(model, x, cams, target, perturb)


# ---- RISE deletion / insertion ------------------------------------------------------------------
def rise_kernel(klen=11, sigma=5):
    dirac = np.zeros((klen, klen))
    dirac[klen // 2, klen // 2] = 1
    k = gaussian_filter(dirac, sigma)
    kern = np.zeros((3, 3, klen, klen))
    for c in range(3):
        kern[c, c] = k
    return torch.from_numpy(kern.astype('float32'))


def blur(x):
    return F.conv2d(x, rise_kernel(), padding=11 // 2)


def causal_curve(model, x, saliency, target, mode, step):
    """RISE single_run with the target's score; pixels in decreasing saliency (ties in pixel order)."""
    c, h, w = x.shape[1:]
    hw = h * w
    n_steps = (hw + step - 1) // step
    start, finish = (x.clone(), torch.zeros_like(x)) if mode == 'del' else (blur(x), x.clone())
    order = np.argsort(-saliency.reshape(-1), kind='stable')
    frames = []
    for i in range(n_steps + 1):
        frames.append(start.clone())
        coords = order[step * i:step * (i + 1)]
        start.reshape(1, c, hw)[0, :, coords] = finish.reshape(1, c, hw)[0, :, coords]
    scores = scores_of(model, torch.cat(frames), target).astype(np.float64)
    fractions = np.minimum(np.arange(n_steps + 1) * step, hw) / hw
    auc_rise = (scores.sum() - scores[0] / 2 - scores[-1] / 2) / (len(scores) - 1)
    auc_fixed = float(np.sum(np.diff(fractions) * (scores[1:] + scores[:-1]) / 2))
    return scores, auc_rise, auc_fixed


# ---- pointing game (TorchRay's PointingGame.evaluate) -------------------------------------------
def pointing_hit(cam, boxes, tolerance):
    y, x = np.unravel_index(np.argmax(cam), cam.shape)
    mask = np.zeros(cam.shape, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1, x0:x1] = True
    yy, xx = np.meshgrid(np.arange(cam.shape[0]), np.arange(cam.shape[1]), indexing='ij')
    # TorchRay accepts distance² < tolerance²; with tolerance 0 that never hits, so 0 means the point itself.
    accept = (yy - y) ** 2 + (xx - x) ** 2 < max(tolerance, 1) ** 2
    return bool((mask & accept).any()), [int(x), int(y)]


def case(case_id, model_name, run, cam_name, target_desc, target, boxes):
    model = onnx_model(FIX + f'models/{model_name}.onnx')
    x = torch.from_numpy(np.load(FIX + f'outputs/tensors/{run}.npy'))
    reference_out = np.load(FIX + f'outputs/logits/{run}.npy')
    assert np.abs(model(x).numpy() - reference_out).max() <= 1e-4 * np.abs(reference_out).max(), 'ONNX rebuild differs'
    cam = np.load(FIX + f'outputs/cams/{cam_name}.npy')
    cams = cam[None]
    change = perturbation_metric(model, x, cams, target, lambda img, m: img * m)[0]
    result = {
        'id': case_id, 'model': model_name, 'tensor': f'outputs/tensors/{run}.npy', 'cam': f'outputs/cams/{cam_name}.npy',
        'target': target_desc, 'score': float(scores_of(model, x, target)[0]),
        'cam_mult_change': float(change), 'drop_in_confidence': float(max(-change, 0)),
        'increase_in_confidence': float(change > 0), 'percentiles': PERCENTILES,
    }
    for rule_name, rule in (('pgc', kept_pgc), ('fixed', kept_fixed)):
        morf = [float(road(model, x, cams, target, p, True, rule)[0]) for p in PERCENTILES]
        lerf = [float(road(model, x, cams, target, p, False, rule)[0]) for p in PERCENTILES]
        result[f'road_morf_{rule_name}'] = morf
        result[f'road_lerf_{rule_name}'] = lerf
        result[f'road_morf_kept_{rule_name}'] = [int(rule(cam, p).sum()) for p in PERCENTILES]
        result[f'road_lerf_kept_{rule_name}'] = [int(rule(1 - cam, p).sum()) for p in PERCENTILES]
        result[f'road_morf_average_{rule_name}'] = float(np.mean(np.float32(morf)))
        result[f'road_lerf_average_{rule_name}'] = float(np.mean(np.float32(lerf)))
        result[f'road_combined_{rule_name}'] = float((np.mean(np.float32(lerf)) - np.mean(np.float32(morf))) / 2)
    for step in (x.shape[3], 500):
        for mode, name in (('del', 'deletion'), ('ins', 'insertion')):
            curve, auc_rise, auc_fixed = causal_curve(model, x, cam, target, mode, step)
            result[f'{name}_step{step}'] = {'step': step, 'curve': [float(s) for s in curve], 'auc_rise': float(auc_rise), 'auc': auc_fixed}
    result['pointing_game'] = []
    for tolerance in (0, 3, 15):
        hit, point = pointing_hit(cam, boxes, tolerance)
        result['pointing_game'].append({'boxes': boxes, 'tolerance': tolerance, 'hit': hit, 'point_xy': point})
    return result


def imputer_case():
    """A small image and mask with the spsolve solution, for the imputer test."""
    rng = np.random.default_rng(9)
    img = rng.standard_normal((3, 16, 20)).astype(np.float32)
    mask = np.float32(rng.random((16, 20)) > 0.6)
    mask[5:12, 4:15] = 0     # a large hole: pixels far from any known value
    filled = impute(torch.from_numpy(img), torch.from_numpy(mask)).numpy()
    np.save(OUT + 'imputer_image.npy', img)
    np.save(OUT + 'imputer_mask.npy', mask)
    np.save(OUT + 'imputer_spsolve.npy', filled.astype(np.float32))


def without_nan(value):
    """JSON has no NaN: write null (pytorch-grad-cam's result on a singular system)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nan(v) for v in value]
    return value


def main():
    digit_box = [[67, 48, 87, 75]]
    yolo_box = [[70, 58, 89, 82]]
    yolo_target = {'type': 'elements_sum', 'indices': [[0, 8, 9], [6, 8, 9]], 'anchor': 8 * 12 + 9, 'class': 1}
    cases = [
        case('digitcnn_gradcam_c3_softmax', 'digitcnn', 'digitcnn__d96_a__96x96', 'digitcnn__d96_a__96x96__block4__GradCAM__c3',
             {'type': 'softmax', 'class': 3}, softmax_target(3), digit_box),
        case('digitcnn_scorecam_c3_softmax', 'digitcnn', 'digitcnn__d96_a__96x96', 'digitcnn__d96_a__96x96__block4__ScoreCAM__c3',
             {'type': 'softmax', 'class': 3}, softmax_target(3), digit_box),
        case('digitcnn_fullgrad_c3_logit', 'digitcnn', 'digitcnn__d96_a__96x96', 'digitcnn__d96_a__96x96__block4__FullGrad__c3',
             {'type': 'logit', 'class': 3}, logit_target(3), digit_box),
        case('digitcnn_eigencam_c3_softmax', 'digitcnn', 'digitcnn__d96_a__96x96', 'digitcnn__d96_a__96x96__block4__EigenCAM__c3',
             {'type': 'softmax', 'class': 3}, softmax_target(3), digit_box),
        case('digitcnn_gradcam_c8_softmax', 'digitcnn', 'digitcnn__d96_a__96x96', 'digitcnn__d96_a__96x96__block4__GradCAM__c8',
             {'type': 'softmax', 'class': 8}, softmax_target(8), digit_box),
        case('tinyyolo_gradcam_o0_box', 'tinyyolo', 'tinyyolo__det96_a__96x96', 'tinyyolo__det96_a__96x96__backbone.block4__GradCAM__o0',
             yolo_target, elements_sum_target(yolo_target['indices']), yolo_box),
    ]
    about = {
        'generator': 'tools/reference_data/metrics_reference.py',
        'formulas': 'pytorch-grad-cam 1.5.5 metrics (re-implemented), RISE evaluation.py, TorchRay pointing game',
        'noise': 0,
        'pgc': 'pytorch-grad-cam literally (null = NaN: it kept no pixel and the system is singular)',
        'fixed': 'keep exactly ceil(q (n-1)) pixels, ties in pixel order',
        'auc_rise': 'RISE auc(): equal spacing of the steps; auc: trapezoid over the true fraction of pixels changed',
        'versions': {'torch': torch.__version__, 'numpy': np.__version__},
    }
    with open(OUT + 'metrics_reference.json', 'w') as f:
        json.dump(without_nan({'about': about, 'cases': cases}), f, indent=1, allow_nan=False)
    imputer_case()


if __name__ == '__main__':
    main()
