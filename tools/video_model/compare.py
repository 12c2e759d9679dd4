"""Prints max |ours - torch| / max |torch| for two .npy files: compare.py ours.npy reference.npy"""
import sys

import numpy as np

a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
assert a.shape == b.shape, (a.shape, b.shape)
print(f'{sys.argv[1]}: shape {a.shape}, max |diff| {np.abs(a - b).max():.3g}, '
      f'relative to max |ref| {np.abs(a - b).max() / np.abs(b).max():.3g}')
