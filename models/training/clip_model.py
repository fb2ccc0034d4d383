"""The built-in CLIP: a small ViT image encoder and a small causal text Transformer.

The modules mirror Hugging Face's CLIP where it matters to the app (pooling at the first EOS
via argmax(input_ids), L2-normalised projections, a learnable logit scale), so the exported
ONNX files run through the same pipeline as real CLIP. Attention is written out by hand so the
exported vision graph can also return every block's attention weights for the lessons.
"""
from dataclasses import dataclass, asdict
import math

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class ClipConfig:
    image_size: int = 64
    patch_size: int = 8
    vision_width: int = 96
    vision_layers: int = 4
    vision_heads: int = 4
    text_width: int = 96
    text_layers: int = 3
    text_heads: int = 4
    context_length: int = 24
    vocab_size: int = 0
    embed_dim: int = 64
    eos_id: int = 0

    def to_dict(self):
        return asdict(self)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)

    def forward(self, x, mask=None):
        b, t, w = x.shape
        h = self.heads
        q, k, v = self.qkv(x).reshape(b, t, 3, h, w // h).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) * (w // h) ** -0.5
        if mask is not None:
            scores = scores + mask
        weights = scores.softmax(dim=-1)
        y = (weights @ v).transpose(1, 2).reshape(b, t, w)
        return self.out(y), weights


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask=None):
        a, weights = self.attn(self.ln1(x), mask)
        x = x + a
        x = x + self.mlp(self.ln2(x))
        return x, weights


class VisionEncoder(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        grid = c.image_size // c.patch_size
        # Patch embedding as a stack of stride-2 convolutions (an "early convolution" stem,
        # Xiao et al. 2021) instead of one patch_size×patch_size projection: the same 8×8 grid of
        # tokens, but it trains far faster on small data, which is all 2 CPU cores allow.
        stem, channels = [], 3
        for i in range(int(math.log2(c.patch_size))):
            out = c.vision_width if 2 ** (i + 1) == c.patch_size else c.vision_width // 2 ** (int(math.log2(c.patch_size)) - i - 1)
            stem += [nn.Conv2d(channels, out, 3, stride=2, padding=1)]
            if 2 ** (i + 1) != c.patch_size:
                stem += [nn.BatchNorm2d(out), nn.GELU()]
            channels = out
        self.patch = nn.Sequential(*stem)
        self.cls = nn.Parameter(torch.randn(1, 1, c.vision_width) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, grid * grid + 1, c.vision_width) * 0.02)
        self.ln_pre = nn.LayerNorm(c.vision_width)
        self.blocks = nn.ModuleList([Block(c.vision_width, c.vision_heads) for _ in range(c.vision_layers)])
        self.ln_post = nn.LayerNorm(c.vision_width)
        self.proj = nn.Linear(c.vision_width, c.embed_dim, bias=False)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        x = self.ln_pre(x)
        attentions = []
        for block in self.blocks:
            x, weights = block(x)
            attentions.append(weights)
        embeds = self.proj(self.ln_post(x[:, 0]))
        return embeds, torch.stack(attentions, dim=1)


class TextEncoder(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        self.token = nn.Embedding(c.vocab_size, c.text_width)
        self.pos = nn.Parameter(torch.randn(1, c.context_length, c.text_width) * 0.01)
        self.blocks = nn.ModuleList([Block(c.text_width, c.text_heads) for _ in range(c.text_layers)])
        self.ln_final = nn.LayerNorm(c.text_width)
        self.proj = nn.Linear(c.text_width, c.embed_dim, bias=False)

    def forward(self, input_ids):
        t = input_ids.shape[1]
        x = self.token(input_ids) + self.pos[:, :t]
        # Causal, as in CLIP: tokens after the first EOS (padding) cannot change the pooled one.
        causal = torch.full((t, t), float("-inf"), device=input_ids.device).triu(1)
        for block in self.blocks:
            x, _ = block(x, causal)
        x = self.ln_final(x)
        # Pool at the first EOS. EOS has the largest id, so argmax finds it: Hugging Face's rule.
        eos = input_ids.argmax(dim=-1)
        pooled = x[torch.arange(x.shape[0], device=x.device), eos]
        return self.proj(pooled)


class SmallClip(nn.Module):
    def __init__(self, c: ClipConfig):
        super().__init__()
        self.config = c
        self.vision = VisionEncoder(c)
        self.text = TextEncoder(c)
        self.logit_scale = nn.Parameter(torch.tensor(2.6593))  # ln(1/0.07), as CLIP starts

    def encode_image(self, pixel_values):
        return F.normalize(self.vision(pixel_values)[0], dim=-1)

    def encode_text(self, input_ids):
        return F.normalize(self.text(input_ids), dim=-1)


class VisionExport(nn.Module):
    """pixel_values → image_embeds (normalised), attentions [batch, layers, heads, tokens, tokens]."""

    def __init__(self, model: SmallClip):
        super().__init__()
        self.vision = model.vision

    def forward(self, pixel_values):
        embeds, attentions = self.vision(pixel_values)
        return F.normalize(embeds, dim=-1), attentions


class TextExport(nn.Module):
    """input_ids → text_embeds (normalised)."""

    def __init__(self, model: SmallClip):
        super().__init__()
        self.text = model.text

    def forward(self, input_ids):
        return F.normalize(self.text(input_ids), dim=-1)
