"""Peak memory against --max-memory (kind 'memory'): every cam method on squeezenet, drise and
the other box methods on yolov8n, and report, evaluate, featmap, boxam and dump, each at 100M and
1G. The runner measures peak RSS with /usr/bin/time -v and flags a case over the budget + 256 MB.
Slow by nature (rise, sscam, iscam run thousands of passes): run it on its own,
`hostile_cli.py --kind memory --show-all`.
"""
from cases import case

CAM_METHODS = [
    "gradcam", "hirescam", "gradcamelementwise", "gradcam++", "xgradcam", "layercam", "eigencam", "eigengradcam", "segeigencam",
    "kpcacam", "fem", "randomcam", "scorecam", "ablationcam", "fullgrad", "finercam", "shapleycam", "reciprocam", "smoothgradcam++",
    "refinecam", "sscam", "iscam", "rise", "guidedbackprop", "guidedgradcam", "dff", "saliency", "inputxgradient",
    "integratedgradients", "smoothgrad", "smoothgrad_sq", "vargrad", "occlusion", "lrp",
]
BUDGETS = ("100M", "1G")
SLOW = {"rise": 1500, "sscam": 1500, "iscam": 1500, "scorecam": 600, "ablationcam": 600, "occlusion": 600}

for budget in BUDGETS:
    for method in CAM_METHODS:
        case("memory", f"cam {method} at {budget}", ["cam", "--model", "{squeeze_onnx}", "{img_png}", "--method", method,
                                                     "--max-memory", budget, "--out-file", "{dir}/o.png"], timeout=SLOW.get(method, 300))
    for method in ("drise", "hirescam", "ablationcam", "scorecam"):
        case("memory", f"boxam {method} on yolov8n at {budget}", ["boxam", "-m", "{yolo_onnx}", "{bus_jpg}", "--method", method,
                                                                  "--max-memory", budget, "--out-file", "{dir}/o.png"], timeout=1500)
    case("memory", f"report on squeezenet at {budget}", ["report", "--model", "{squeeze_onnx}", "{img_png}", "--max-memory", budget,
                                                         "--out", "{dir}/o.html"], timeout=600)
    case("memory", f"report --metrics on squeezenet at {budget}", ["report", "--model", "{squeeze_onnx}", "{img_png}", "--methods", "gradcam,scorecam",
                                                                   "--metrics", "confidence,road", "--max-memory", budget, "--out", "{dir}/o.html"], timeout=900)
    case("memory", f"evaluate on squeezenet at {budget}", ["evaluate", "-m", "{squeeze_onnx}", "{img_png}", "--methods", "gradcam,scorecam,ablationcam",
                                                           "--max-memory", budget, "--out", "{dir}/o.csv"], timeout=900)
    case("memory", f"featmap on yolov8n at {budget}", ["featmap", "--model", "{yolo_onnx}", "{bus_jpg}", "--max-memory", budget, "--out-file", "{dir}/o.png"])
    case("memory", f"featmap --channel-reduction none on yolov8n at {budget}", ["featmap", "--model", "{yolo_onnx}", "{bus_jpg}", "--channel-reduction", "none",
                                                                             "--max-memory", budget, "--out-file", "{dir}/o.png"])
    case("memory", f"dump on yolov8n at {budget}", ["dump", "--model", "{yolo_onnx}", "{bus_jpg}", "--max-memory", budget, "--out-dir", "{dir}/o"], timeout=600)
    case("memory", f"detect on yolov8n at {budget}", ["detect", "-m", "{yolo_onnx}", "{bus_jpg}", "--max-memory", budget, "--out-file", "{dir}/o.png"])
