"""Trains the built-in CLIP on the shapes world and exports it in Hugging Face's CLIP ONNX layout.

    npm run train:data                    # once: writes models/training/data/
    /usr/bin/python3 models/training/train_clip.py

Seeded; the same command rebuilds the same model on the same machine (PyTorch on CPU is
deterministic for these ops; a CUDA run is close but not bit-identical).
"""
import argparse
import math
import os
import shutil
import tempfile
import time

import torch
import torch.nn.functional as F

from clip_model import ClipConfig, SmallClip, TextExport, VisionExport
from common import ROOT, check_with_onnxruntime, cosine_lr, rebuild_command, save_case, setup, write_json
from shapes_data import Split, load_classes, to_pixels

LOCALES = ("en", "zh-CN")


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(ROOT, "models", "training", "data"))
    p.add_argument("--out", default=os.path.join(ROOT, "models", "builtin", "shapes-clip"))
    p.add_argument("--steps", type=int, default=1200)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    p.add_argument("--eval-every", type=int, default=200)
    p.add_argument("--export-only", action="store_true",
                   help="skip training: export the checkpoint the last run saved (models/training/data/clip-checkpoint.pt)")
    p.add_argument("--one-colour-every", type=int, default=0,
                   help="every Nth batch holds scenes of a single colour (0: never), so only shape, size, position and count tell them apart")
    return p


def parse_args():
    return parser().parse_args()


def batch_images(split, index, generator):
    """64-px renders, and for half the batch the 32-px render upscaled, so that the diffusion
    model's 32-px samples (resized to 64 by the preprocessing) look familiar."""
    big = split.images[64][index].permute(0, 3, 1, 2).float()
    small = split.images[32][index].permute(0, 3, 1, 2).float()
    upscaled = F.interpolate(small, size=64, mode="bicubic", align_corners=False).clamp(0, 255).round()
    use_small = (torch.rand(len(index), generator=generator) < 0.5).view(-1, 1, 1, 1)
    x = torch.where(use_small, upscaled, big) / 255.0
    return (x - 0.5) / 0.5


def trim(ids, eos_id):
    """Drops padding columns beyond the longest caption (the encoder is causal, so it is exact)."""
    length = int((ids == eos_id).float().argmax(dim=1).max().item()) + 1
    return ids[:, :length]


def contrastive_loss(image_embeds, text_embeds, logit_scale, ids):
    logits = logit_scale.exp() * image_embeds @ text_embeds.t()
    # Captions repeat in this small world ("a red circle"); identical captions are all positives.
    same = (ids.unsqueeze(1) == ids.unsqueeze(0)).all(dim=-1).float()
    targets = same / same.sum(dim=1, keepdim=True)
    loss_images = -(targets * logits.log_softmax(dim=1)).sum(dim=1).mean()
    loss_texts = -(targets * logits.t().log_softmax(dim=1)).sum(dim=1).mean()
    return (loss_images + loss_texts) / 2


@torch.no_grad()
def zero_shot(model, split, classes, device, limit=None):
    model.eval()
    n = split.count if limit is None else min(limit, split.count)
    embeds = []
    for start in range(0, n, 500):
        x = to_pixels(split.images[64][start : min(n, start + 500)]).to(device)
        embeds.append(model.encode_image(x))
    image_embeds = torch.cat(embeds)
    result = {}
    for attribute, truth in (("shape", split.shape[:n]), ("colour", split.colour[:n])):
        for locale in LOCALES:
            ids = torch.tensor(classes["promptTokens"][attribute][locale], device=device)
            text = model.encode_text(ids)
            predicted = (image_embeds @ text.t()).argmax(dim=1).cpu()
            result[f"{attribute}/{locale}"] = (predicted == truth).float().mean().item()
    model.train()
    return result


def export(model, out, data, args, metrics, wall_seconds, steps):
    c = model.config
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    model.eval().cpu()
    # eval() on the wrappers too: torch.onnx.export restores each module's mode afterwards, and a
    # wrapper left in training mode would put the stem's BatchNorm back into batch statistics.
    vision, text = VisionExport(model).eval(), TextExport(model).eval()
    pixels = torch.randn(2, 3, c.image_size, c.image_size)
    ids = torch.randint(2, c.vocab_size - 1, (2, 11))
    ids[:, 0] = 1
    ids[0, 6:] = c.eos_id
    ids[1, 10] = c.eos_id
    vision_path = os.path.join(out, "onnx", "vision_model.onnx")
    text_path = os.path.join(out, "onnx", "text_model.onnx")
    torch.onnx.export(
        vision, (pixels,), vision_path, opset_version=14, input_names=["pixel_values"],
        output_names=["image_embeds", "attentions"],
        dynamic_axes={"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}, "attentions": {0: "batch_size"}},
    )
    torch.onnx.export(
        text, (ids,), text_path, opset_version=14, input_names=["input_ids"], output_names=["text_embeds"],
        dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"}, "text_embeds": {0: "batch_size"}},
    )
    # Check the graphs against PyTorch on fresh random inputs of other shapes than the trace's.
    with tempfile.TemporaryDirectory() as cases:
        g = torch.Generator().manual_seed(99)
        pixels = torch.randn(5, 3, c.image_size, c.image_size, generator=g)
        ids = torch.randint(2, c.vocab_size - 1, (4, c.context_length), generator=g)
        ids[:, 0] = 1
        for row, end in enumerate((3, 9, 17, c.context_length - 1)):
            ids[row, end:] = c.eos_id
        with torch.no_grad():
            image_embeds, attentions = vision(pixels)
            text_embeds = text(ids)
        write_json(os.path.join(cases, "cases.json"), [
            {"model": vision_path, "inputs": [save_case(cases, "vision.pixel_values", pixels)],
             "outputs": [save_case(cases, "vision.image_embeds", image_embeds), save_case(cases, "vision.attentions", attentions)]},
            {"model": text_path, "inputs": [save_case(cases, "text.input_ids", ids)],
             "outputs": [save_case(cases, "text.text_embeds", text_embeds)]},
        ])
        check_with_onnxruntime(cases)

    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(data, name), os.path.join(out, name))
    scale = model.logit_scale.exp().item()
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": c.embed_dim,
        "logit_scale_init_value": model.logit_scale.item(),
        "logit_scale": scale,
        "torch_dtype": "float32",
        "text_config": {
            "model_type": "clip_text_model", "vocab_size": c.vocab_size, "hidden_size": c.text_width,
            "intermediate_size": 4 * c.text_width, "num_hidden_layers": c.text_layers,
            "num_attention_heads": c.text_heads, "max_position_embeddings": c.context_length,
            "bos_token_id": 1, "eos_token_id": c.eos_id, "pad_token_id": c.eos_id,
            "projection_dim": c.embed_dim, "hidden_act": "gelu",
        },
        "vision_config": {
            "model_type": "clip_vision_model", "hidden_size": c.vision_width, "intermediate_size": 4 * c.vision_width,
            "num_hidden_layers": c.vision_layers, "num_attention_heads": c.vision_heads,
            "image_size": c.image_size, "patch_size": c.patch_size, "num_channels": 3,
            "projection_dim": c.embed_dim, "hidden_act": "gelu",
        },
    })
    write_json(os.path.join(out, "preprocessor_config.json"), {
        "image_processor_type": "CLIPImageProcessor",
        "feature_extractor_type": "CLIPFeatureExtractor",
        "do_resize": True, "size": {"shortest_edge": c.image_size}, "resample": 3,
        "do_center_crop": True, "crop_size": {"height": c.image_size, "width": c.image_size},
        "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
        "do_convert_rgb": True,
    })
    parameters = sum(p.numel() for p in model.parameters())
    write_json(os.path.join(out, "training.json"), {
        "command": rebuild_command("train_clip.py", args, parser(), skip=("data", "out", "export_only")),
        "seed": args.seed, "steps": steps, "batch": args.batch, "lr": args.lr,
        "parameters": parameters, "architecture": c.to_dict(),
        "wall_seconds": round(wall_seconds, 1), "threads": torch.get_num_threads(),
        "device": "cuda" if torch.cuda.is_available() else "cpu", "torch": torch.__version__,
        "logit_scale": scale, "torch_metrics": metrics,
    })


def main():
    args = parse_args()
    device = setup(args.seed, args.threads)
    classes = load_classes(args.data)
    train, val = Split(args.data, "train"), Split(args.data, "val")
    config = ClipConfig(vocab_size=classes["vocab_size"], eos_id=classes["eos_id"], context_length=classes["context_length"])
    model = SmallClip(config).to(device)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "pos" not in n and "cls" not in n]
    keep = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "pos" not in n and "cls" not in n)]
    optimiser = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": keep, "weight_decay": 0.0}], lr=args.lr)
    checkpoint = os.path.join(args.data, "clip-checkpoint.pt")
    if args.export_only:
        saved = torch.load(checkpoint)
        model.load_state_dict(saved["model"])
        export(model, args.out, args.data, args, saved["metrics"], saved["wall"], args.steps)
        return
    generator = torch.Generator().manual_seed(args.seed)
    # Colour is the easy cue (a mean over pixels); batches of one colour leave shape as the signal.
    by_colour = [torch.nonzero(train.colour == c).flatten() for c in range(int(train.colour.max()) + 1)]
    started = time.time()
    for step in range(args.steps):
        for group in optimiser.param_groups:
            group["lr"] = cosine_lr(step, args.steps, args.lr, warmup=50)
        if args.one_colour_every and step % args.one_colour_every == 0:
            pool = by_colour[int(torch.randint(0, len(by_colour), (1,), generator=generator))]
            index = pool[torch.randint(0, len(pool), (args.batch,), generator=generator)]
        else:
            index = torch.randint(0, train.count, (args.batch,), generator=generator)
        row = torch.randint(0, train.tokens.shape[1], (args.batch,), generator=generator)
        ids = trim(train.tokens[index, row], config.eos_id).to(device)
        pixels = batch_images(train, index, generator).to(device)
        loss = contrastive_loss(model.encode_image(pixels), model.encode_text(ids), model.logit_scale, ids)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if step % 20 == 0:
            print(f"step {step:5d}  loss {loss.item():.4f}  scale {model.logit_scale.exp().item():6.2f}  {time.time() - started:6.0f}s", flush=True)
        if (step + 1) % args.eval_every == 0 or step + 1 == args.steps:
            scores = zero_shot(model, val, classes, device)
            print("  val zero-shot " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()), flush=True)
    wall = time.time() - started
    metrics = {name: zero_shot(model, Split(args.data, name), classes, device) for name in ("test", "heldout")}
    print("torch metrics", metrics)
    torch.save({"model": model.state_dict(), "metrics": metrics, "wall": wall}, checkpoint)
    export(model, args.out, args.data, args, metrics, wall, args.steps)
    print(f"exported to {args.out} in {wall:.0f}s of training")


if __name__ == "__main__":
    main()
