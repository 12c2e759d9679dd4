#!/bin/sh
# Regenerates every picture README.md shows, from the current code, with the commands its
# captions give. Run from the repository root: tools/gallery/make.sh
# Needs the assets beside the repository (../shared/assets, or ASSETS=DIR) and, for the
# report's picture, Chromium (/usr/bin/chromium, or CHROMIUM=PATH).
# tests/CamSharp.Tests/Docs/GalleryTests.cs fails when README.md shows a picture this script does not make.
set -eu

ASSETS=${ASSETS:-../shared/assets}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
IMAGES=docs/images
WORK=${TMPDIR:-/tmp}/camsharp-gallery
mkdir -p "$WORK" "$IMAGES"

dotnet build src/CamSharp.Cli -c Release -v quiet -nologo >/dev/null
camsharp() { dotnet src/CamSharp.Cli/bin/Release/net10.0/CamSharp.Cli.dll "$@"; }

squeezenet="$ASSETS/models/squeezenet1_1_tv.onnx"
labels="$ASSETS/labels/imagenet1k_classes.txt"

camsharp demo --seed 7 --shape star --out-file docs/images/demo-star.png
camsharp demo --seed 3 --shape cross --out-file docs/images/demo-cross.png

camsharp cam "$ASSETS/images/cat-dog.png" --model "$squeezenet" --preprocess imagenet --target-category 281 238 \
    --labels "$labels" --save-path docs/images/cat-dog-gradcam.png
camsharp cam "$ASSETS/images/cat-dog.png" --model "$squeezenet" --preprocess imagenet --method dff --target-layers features.12 \
    --concepts 4 --labels "$labels" --save-path docs/images/cat-dog-dff.png
camsharp boxam "$ASSETS/images/dog_bike_car.jpg" --model "$ASSETS/models/yolov8n_dequant_fp32.onnx" --per-box --method layercam \
    --out-file docs/images/boxam-layercam-per-box.jpg

# The report: the top of the page as a desktop browser shows it.
camsharp report "$ASSETS/images/cat-dog.png" --model "$squeezenet" --labels "$labels" \
    --methods gradcam,gradcam++,layercam,scorecam,ablationcam,eigencam --target-layers features.12 --target-category 281 238 \
    --out "$WORK/report.html"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1100 \
    --screenshot="$PWD/docs/images/report-cat-dog.png" "file://$WORK/report.html" 2>/dev/null

echo "regenerated the pictures in $IMAGES"
