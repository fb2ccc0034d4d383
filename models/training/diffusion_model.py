"""The built-in diffusion model: a small UNet that predicts the noise ε in a 32×32 image,
conditioned on the timestep and on the built-in CLIP's text embedding of the caption.

An all-zero text embedding means "no caption": training replaces the caption with it at random,
which is what makes classifier-free guidance work at sampling time.
"""
from dataclasses import asdict, dataclass
import math

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class UNetConfig:
    image_size: int = 32
    channels: tuple = (32, 64, 96)
    text_dim: int = 64
    embed_dim: int = 128
    groups: int = 8

    def to_dict(self):
        d = asdict(self)
        d["channels"] = list(self.channels)
        return d


def timestep_features(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    angles = t.float().unsqueeze(1) * freqs.unsqueeze(0)
    return torch.cat([angles.sin(), angles.cos()], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, embed_dim, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.film = nn.Linear(embed_dim, 2 * cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.film(emb).unsqueeze(-1).unsqueeze(-1).chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(F.silu(h))
        return h + self.skip(x)


class SelfAttention(nn.Module):
    """Global attention at the coarsest level, so distant parts of a shape can agree."""

    def __init__(self, channels, groups, heads=4):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels)
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.out = nn.Conv2d(channels, channels, 1)
        self.heads = heads

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, self.heads, c // self.heads, h * w).unbind(1)
        weights = (q.transpose(-2, -1) @ k * (c // self.heads) ** -0.5).softmax(dim=-1)
        y = (v @ weights.transpose(-2, -1)).reshape(b, c, h, w)
        return x + self.out(y)


class SmallUNet(nn.Module):
    def __init__(self, c: UNetConfig):
        super().__init__()
        self.config = c
        c1, c2, c3 = c.channels
        e = c.embed_dim
        self.time = nn.Sequential(nn.Linear(c1, e), nn.SiLU(), nn.Linear(e, e))
        self.text = nn.Sequential(nn.Linear(c.text_dim, e), nn.SiLU(), nn.Linear(e, e))
        self.conv_in = nn.Conv2d(3, c1, 3, padding=1)
        self.down1 = ResBlock(c1, c1, e, c.groups)  # 32×32
        self.pool1 = nn.Conv2d(c1, c2, 3, stride=2, padding=1)
        self.down2 = ResBlock(c2, c2, e, c.groups)  # 16×16
        self.pool2 = nn.Conv2d(c2, c3, 3, stride=2, padding=1)
        self.mid1 = ResBlock(c3, c3, e, c.groups)  # 8×8
        self.attn = SelfAttention(c3, c.groups)
        self.mid2 = ResBlock(c3, c3, e, c.groups)
        self.up2 = ResBlock(c3 + c2, c2, e, c.groups)  # 16×16
        self.up1 = ResBlock(c2 + c1, c1, e, c.groups)  # 32×32
        self.norm_out = nn.GroupNorm(c.groups, c1)
        self.conv_out = nn.Conv2d(c1, 3, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    def forward(self, sample, timestep, text_embeds):
        # The caption embedding is unit-length (entries ~1/√d); scaled to entries ~1 it weighs as much as
        # the timestep features from the first step, instead of being learned around for hundreds.
        emb = self.time(timestep_features(timestep, self.config.channels[0])) + self.text(text_embeds * self.config.text_dim**0.5)
        emb = F.silu(emb)
        h1 = self.down1(self.conv_in(sample), emb)
        h2 = self.down2(self.pool1(h1), emb)
        h = self.mid1(self.pool2(h2), emb)
        h = self.mid2(self.attn(h), emb)
        h = F.interpolate(h, scale_factor=2.0, mode="nearest")
        h = self.up2(torch.cat([h, h2], dim=1), emb)
        h = F.interpolate(h, scale_factor=2.0, mode="nearest")
        h = self.up1(torch.cat([h, h1], dim=1), emb)
        return self.conv_out(F.silu(self.norm_out(h)))


def cosine_alphas_cumprod(steps, s=0.008):
    """ᾱ_t of Nichol & Dhariwal's cosine schedule, t = 1…T (index 0 is t = 1)."""
    t = torch.arange(steps + 1, dtype=torch.float64) / steps
    f = torch.cos((t + s) / (1 + s) * math.pi / 2) ** 2
    alphas_cumprod = f / f[0]
    betas = (1 - alphas_cumprod[1:] / alphas_cumprod[:-1]).clamp(max=0.999)
    return torch.cumprod(1 - betas, dim=0).float()
