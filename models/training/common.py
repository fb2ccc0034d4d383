"""Shared helpers for the training scripts: seeding, threads, schedules, export checks."""
import json
import math
import os
import random
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def setup(seed, threads):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    # The default here is one thread; the card's timings assume every core the machine has.
    torch.set_num_threads(threads or os.cpu_count() or 1)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def cosine_lr(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def rebuild_command(script, args, parser, skip=("data", "out")):
    """The command line that repeats this run: the script plus every option given a non-default value
    (paths left out, so the card's command works from any checkout)."""
    defaults = vars(parser.parse_args([]))
    options = "".join(f" --{name.replace('_', '-')} {value}" for name, value in vars(args).items()
                      if name not in skip and value != defaults[name])
    return f"/usr/bin/python3 models/training/{script}{options}"


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def save_case(folder, name, tensor):
    """Writes a tensor as raw little-endian data plus its shape and type, for check-export.ts."""
    array = tensor.detach().cpu().numpy()
    kind = {np.dtype("float32"): "float32", np.dtype("int64"): "int64"}[array.dtype]
    array.astype(array.dtype.newbyteorder("<")).tofile(os.path.join(folder, f"{name}.bin"))
    return {"name": name, "type": kind, "dims": list(array.shape)}


def check_with_onnxruntime(case_folder, tolerance=1e-4):
    """Runs the exported graphs in onnxruntime-node (the app's own runtime) on the saved random
    inputs and compares with PyTorch's outputs; raises when any element differs by more."""
    result = subprocess.run(
        ["node", os.path.join(ROOT, "scripts", "run-ts.mjs"), "models/training/check-export.ts", case_folder, str(tolerance)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit("ONNX export check failed: onnxruntime and PyTorch disagree (see above)")
