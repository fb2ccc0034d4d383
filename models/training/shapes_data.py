"""Reads the shapes-world dataset that `npm run train:data` writes (see README.md for the layout).

The TypeScript generator is the single source of the images, captions and token ids; this
module only maps its binary files into tensors.
"""
import json
import os

import numpy as np
import torch


class Split:
    def __init__(self, folder, name):
        with open(os.path.join(folder, f"{name}.json"), encoding="utf-8") as f:
            self.meta = json.load(f)
        n, k, length = self.meta["count"], self.meta["K"], self.meta["L"]
        self.name = name
        self.count = n
        self.images = {}
        for r in self.meta["resolutions"]:
            raw = np.fromfile(os.path.join(folder, f"{name}.images{r}.u8"), dtype=np.uint8)
            self.images[r] = torch.from_numpy(raw.reshape(n, r, r, 3).copy())
        tokens = np.fromfile(os.path.join(folder, f"{name}.tokens.i32"), dtype="<i4")
        self.tokens = torch.from_numpy(tokens.reshape(n, k, length).astype(np.int64))
        scenes = self.meta["scenes"]
        self.shape = torch.tensor([s["shape"] for s in scenes])
        self.colour = torch.tensor([s["colour"] for s in scenes])


def load_classes(folder):
    with open(os.path.join(folder, "classes.json"), encoding="utf-8") as f:
        return json.load(f)


def to_pixels(images_u8, mean=0.5, std=0.5):
    """uint8 NHWC → float NCHW, rescaled to [0, 1] and normalised as preprocessor_config says."""
    x = images_u8.permute(0, 3, 1, 2).float() / 255.0
    return (x - mean) / std
