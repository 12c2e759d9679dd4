# Makes tests/CamSharp.Tests/Explain/Data/kpca_digitcnn_d96_a_block4.npy: scikit-learn's
# KernelPCA(n_components=1, kernel='sigmoid') projection of the digitcnn block4 fixture activation,
# exactly as pytorch-grad-cam's KPCA-CAM calls it. Developer tool: Debian python3-sklearn.
#   /usr/bin/python3 tools/reference_data/kpca_reference.py
import numpy as np
from sklearn.decomposition import KernelPCA

a = np.load('../shared/fixtures/outputs/acts/digitcnn__d96_a__96x96__block4.npy')[0]
x = a.reshape(a.shape[0], -1).T
x = x - x.mean(axis=0)
p = KernelPCA(n_components=1, kernel='sigmoid').fit_transform(x).ravel()
np.save('tests/CamSharp.Tests/Explain/Data/kpca_digitcnn_d96_a_block4.npy', p.astype(np.float32))
