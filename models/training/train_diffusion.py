"""Trains the built-in text-conditioned diffusion model on the shapes world and exports it to ONNX.

    npm run train:data                                  # once: writes models/training/data/
    node scripts/run-ts.mjs models/training/embed-captions.ts   # captions → the built-in CLIP's text_embeds
    /usr/bin/python3 models/training/train_diffusion.py

The captions are embedded by the committed CLIP's ONNX text model through the app's own runtime,
so the model learns exactly the conditioning the app gives it. Seeded and reproducible. Its samples
are judged by the app's own sampler and CLIP afterwards (evaluate-diffusion.ts), not here.
"""
import argparse
import copy
import json
import os
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

from common import ROOT, check_with_onnxruntime, cosine_lr, rebuild_command, save_case, setup, write_json
from diffusion_model import SmallUNet, UNetConfig, cosine_alphas_cumprod
from shapes_data import Split

T = 1000


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(ROOT, "models", "training", "data"))
    p.add_argument("--out", default=os.path.join(ROOT, "models", "builtin", "shapes-diffusion"))
    p.add_argument("--steps", type=int, default=3400)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--uncond", type=float, default=0.1, help="probability of dropping the caption")
    p.add_argument("--min-snr", type=float, default=5.0, help="γ of min-SNR loss weighting (Hang et al. 2023); 0 for plain MSE")
    return p


def full_caption_pairs(split, world_path=os.path.join(ROOT, "electron", "engine", "shapes", "world.json")):
    """(scene, caption row) pairs of single-object scenes whose caption names both the shape and the colour.

    Thirty CPU minutes buy a few thousand steps; spent on "a small red star" rather than on
    "something red" or three small objects, they teach the model to draw the shape it is asked for.
    """
    with open(world_path, encoding="utf-8") as f:
        world = json.load(f)
    words = lambda entry: [w for locale in ("en", "zh-CN") for w in entry[locale]]
    pairs = []
    for i, scene in enumerate(split.meta["scenes"]):
        if scene["count"] != 1:
            continue
        shape_words, colour_words = words(world["shapes"][scene["shape"]]), words(world["colours"][scene["colour"]])
        rows = [c for locale in ("en", "zh-CN") for c in scene["captions"][locale]]
        for row, caption in enumerate(rows):
            if any(w in caption for w in shape_words) and any(w in caption for w in colour_words):
                pairs.append((i, row))
    return torch.tensor(pairs)


def load_embeds(folder, split):
    with open(os.path.join(folder, f"{split.name}.text_embeds.json"), encoding="utf-8") as f:
        info = json.load(f)
    raw = np.fromfile(os.path.join(folder, f"{split.name}.text_embeds.f32"), dtype="<f4")
    return torch.from_numpy(raw.reshape(info["dims"]).copy())


def export(model, out, args, alphas_cumprod, info):
    c = model.config
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    model.eval().cpu()
    path = os.path.join(out, "onnx", "model.onnx")
    sample = torch.randn(2, 3, 32, 32)
    timestep = torch.tensor([10, 500])
    embeds = torch.randn(2, c.text_dim)
    torch.onnx.export(
        model, (sample, timestep, embeds), path, opset_version=14,
        input_names=["sample", "timestep", "text_embeds"], output_names=["noise_pred"],
        dynamic_axes={"sample": {0: "batch_size"}, "timestep": {0: "batch_size"}, "text_embeds": {0: "batch_size"}, "noise_pred": {0: "batch_size"}},
    )
    with tempfile.TemporaryDirectory() as cases:
        g = torch.Generator().manual_seed(7)
        sample = torch.randn(5, 3, 32, 32, generator=g)
        timestep = torch.randint(0, T, (5,), generator=g)
        embeds = F.normalize(torch.randn(5, c.text_dim, generator=g), dim=-1)
        embeds[0] = 0
        with torch.no_grad():
            noise = model(sample, timestep, embeds)
        write_json(os.path.join(cases, "cases.json"), [{
            "model": path,
            "inputs": [save_case(cases, "sample", sample), save_case(cases, "timestep", timestep), save_case(cases, "text_embeds", embeds)],
            "outputs": [save_case(cases, "noise_pred", noise)],
        }])
        check_with_onnxruntime(cases)
    write_json(os.path.join(out, "config.json"), {
        "_class_name": "SmallUNet",
        "model_type": "unet-ddpm",
        "sample_size": c.image_size,
        "in_channels": 3,
        "out_channels": 3,
        "value_range": [-1, 1],
        "num_train_timesteps": T,
        "beta_schedule": "squaredcos_cap_v2",
        "prediction_type": "epsilon",
        "inputs": {"sample": "sample", "timestep": "timestep", "condition": "text_embeds"},
        "timestep_type": "int64",
        "condition_dim": c.text_dim,
        "condition_model": "shapes-clip",
        "unconditional": "zeros",
        "guidance_scale": 3.0,
        "sampling_steps": 50,
        "architecture": c.to_dict(),
    })
    write_json(os.path.join(out, "training.json"), {**info, "alphas_cumprod_check": {str(t): alphas_cumprod[t].item() for t in (0, 1, 10, 100, 500, 900, 999)}})


def main():
    args = parser().parse_args()
    device = setup(args.seed, args.threads)
    train = Split(args.data, "train")
    embeds = load_embeds(args.data, train)
    config = UNetConfig(text_dim=embeds.shape[-1])
    model = SmallUNet(config).to(device)
    ema = copy.deepcopy(model).eval()
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.0)
    alphas_cumprod = cosine_alphas_cumprod(T)
    generator = torch.Generator().manual_seed(args.seed)
    images = train.images[32]
    pairs = full_caption_pairs(train)
    snr = alphas_cumprod / (1 - alphas_cumprod)
    weights = (snr.clamp(max=args.min_snr) / snr) if args.min_snr > 0 else torch.ones(T)
    print(f"{len(pairs)} (scene, caption) pairs from {train.count} scenes", flush=True)
    started = time.time()
    for step in range(args.steps):
        for group in optimiser.param_groups:
            group["lr"] = cosine_lr(step, args.steps, args.lr, warmup=200)
        index, row = pairs[torch.randint(0, len(pairs), (args.batch,), generator=generator)].unbind(1)
        cond = embeds[index, row]
        drop = torch.rand(args.batch, generator=generator) < args.uncond
        cond = torch.where(drop.unsqueeze(1), torch.zeros_like(cond), cond)
        x0 = images[index].permute(0, 3, 1, 2).float() / 127.5 - 1
        t = torch.randint(0, T, (args.batch,), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        a = alphas_cumprod[t].view(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        error = (model(xt.to(device), t.to(device), cond.to(device)) - noise.to(device)).pow(2).mean(dim=(1, 2, 3))
        loss = (error * weights[t].to(device)).mean()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        decay = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.mul_(decay).add_(pm.detach(), alpha=1 - decay)
        if step % 20 == 0:
            print(f"step {step:5d}  loss {loss.item():.4f}  {time.time() - started:6.0f}s", flush=True)
    wall = time.time() - started

    os.makedirs(args.out, exist_ok=True)
    parameters = sum(p.numel() for p in model.parameters())
    info = {
        "command": rebuild_command("train_diffusion.py", args, parser()), "seed": args.seed, "steps": args.steps,
        "batch": args.batch, "lr": args.lr, "uncond_probability": args.uncond, "ema": 0.999, "min_snr_gamma": args.min_snr,
        "training_pairs": len(pairs), "data": "single-object scenes, captions naming shape and colour (English and Chinese)",
        "parameters": parameters, "architecture": config.to_dict(), "wall_seconds": round(wall, 1),
        "threads": torch.get_num_threads(), "device": "cuda" if torch.cuda.is_available() else "cpu", "torch": torch.__version__,
    }
    # Kept so that a failed export never costs the training run.
    torch.save({"ema": ema.state_dict(), "info": info}, os.path.join(args.data, "diffusion-checkpoint.pt"))
    export(ema, args.out, args, alphas_cumprod, info)
    print(f"trained {args.steps} steps in {wall:.0f}s; exported to {args.out}")
    print("judge it through the engine: node scripts/run-ts.mjs models/training/evaluate-diffusion.ts")


if __name__ == "__main__":
    main()
