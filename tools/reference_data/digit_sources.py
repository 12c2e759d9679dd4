"""Writes tests/CamSharp.Tests/Explain/Data/digits_8x8.npy and digits_labels.npy.

The 8x8 handwritten digits of the UCI "Optical Recognition of Handwritten Digits" set
(CC BY 4.0; the copy that scikit-learn ships as load_digits), 30 per class taken with a
fixed seed, as uint8 arrays with values 0..16. The pointing-game test pastes them onto
canvases drawn like the fixtures' d96_* inputs.

Run from the repository root:  /usr/bin/python3 tools/reference_data/digit_sources.py
"""
import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
rng = np.random.default_rng(96)
picked = np.concatenate([rng.choice(np.flatnonzero(digits.target == k), 30, replace=False) for k in range(10)])
rng.shuffle(picked)
out = 'tests/CamSharp.Tests/Explain/Data/'
np.save(out + 'digits_8x8.npy', digits.images[picked].astype(np.uint8))
np.save(out + 'digits_labels.npy', digits.target[picked].astype(np.int64))
print(len(picked), 'digits written')
