#!/usr/bin/env python3
"""Sampling speed of the char-lm model in PyTorch (Debian's 1.13, CPU), for ./nabla peers --models lm.

The model is the one ../shared/peers/lm/char_gpt_torch.py trains (token and position embeddings,
pre-norm blocks of nn.MultiheadAttention with a causal mask and a GELU MLP, final LayerNorm, head
tied to the token embedding), here with its initial weights: sampling speed does not depend on
them. Like nabla's char-lm it feeds the last `block` characters each step (no key/value cache),
divides the last logits by the temperature, keeps the top k and draws with torch.multinomial.
Prints one line: RESULT sample_tokens_per_s=... tokens=... threads=...
"""
import argparse, os, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2); p.add_argument("--tokens", type=int, default=400)
p.add_argument("--layers", type=int, default=4); p.add_argument("--heads", type=int, default=4)
p.add_argument("--embd", type=int, default=128); p.add_argument("--block", type=int, default=128)
p.add_argument("--vocab", type=int, default=81); p.add_argument("--top-k", type=int, default=40)
p.add_argument("--temperature", type=float, default=0.8)
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(1337)


class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.ln1 = nn.LayerNorm(a.embd); s.ln2 = nn.LayerNorm(a.embd)
        s.attn = nn.MultiheadAttention(a.embd, a.heads, batch_first=True)
        s.mlp = nn.Sequential(nn.Linear(a.embd, 4 * a.embd), nn.GELU(), nn.Linear(4 * a.embd, a.embd))
        s.register_buffer("mask", torch.triu(torch.ones(a.block, a.block, dtype=torch.bool), 1))

    def forward(s, x):
        t = x.shape[1]; h = s.ln1(x)
        x = x + s.attn(h, h, h, attn_mask=s.mask[:t, :t], need_weights=False)[0]
        return x + s.mlp(s.ln2(x))


class GPT(nn.Module):
    def __init__(s):
        super().__init__(); s.tok = nn.Embedding(a.vocab, a.embd); s.pos = nn.Embedding(a.block, a.embd)
        s.blocks = nn.Sequential(*[Block() for _ in range(a.layers)]); s.ln = nn.LayerNorm(a.embd)
        s.head = nn.Linear(a.embd, a.vocab, bias=False); s.head.weight = s.tok.weight

    def forward(s, idx):
        t = idx.shape[1]
        return s.head(s.ln(s.blocks(s.tok(idx) + s.pos(torch.arange(t)))))


m = GPT().eval()
g = torch.Generator().manual_seed(1)
ids = [0] * 38  # a prompt as long as nabla's default one
with torch.no_grad():
    for warm in (True, False):
        t0 = time.time()
        for _ in range(a.tokens if not warm else 50):
            x = torch.tensor([ids[-a.block:]])
            logits = m(x)[0, -1] / a.temperature
            v, _ = torch.topk(logits, a.top_k)
            logits[logits < v[-1]] = float("-inf")
            ids.append(int(torch.multinomial(F.softmax(logits, -1), 1, generator=g)))
        el = time.time() - t0
print(f"RESULT sample_tokens_per_s={a.tokens / el:.0f} tokens={a.tokens} threads={a.threads}")
