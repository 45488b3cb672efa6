#!/usr/bin/env python3
"""Fits the table of VectorTanh (core/.../internal/kernels/VectorTanh.java) and checks it.

For each of the 32 intervals of |x| (the exponent and two leading mantissa bits), a degree-6
polynomial in y = |x| - midpoint, fitted for the least maximal relative error against mpmath's
tanh at 40 digits: weighted least squares reweighted towards minimax (Lawson), each coefficient
rounded to float32 before the higher ones are refitted around it. Then every positive float
below 12 is run through a float32 emulation of the kernel (fused multiply-adds) and the error
histogram in ulps is printed, followed by the Java table. Takes about a minute:

    python3 docs/tools/fit_tanh.py

The kernel itself is checked over all 2^32 floats against StrictMath.tanh (worst 1 ulp) and by
VectorTanhTest in the build.
"""
import numpy as np, struct, mpmath
mpmath.mp.dps = 40
def f32(b): return struct.unpack('f', struct.pack('I', b))[0]
DEG = 6
def tanh_mp(x): return float(mpmath.tanh(mpmath.mpf(x)))
def fit_interval(lo, hi, b):
    # nodes: Chebyshev-ish dense grid
    n = 400
    t = np.cos(np.pi*(np.arange(n)+0.5)/n)
    xs = lo + (hi-lo)*(t+1)/2
    ys = xs - b
    fx = np.array([tanh_mp(x) for x in xs])
    coeffs = [None]*(DEG+1)
    for j in range(DEG+1):
        # fit remaining coeffs j..DEG to (fx - sum fixed) with relative weight, Lawson reweighting
        rem = fx - sum(coeffs[i]*ys**i for i in range(j))
        V = np.stack([ys**i for i in range(j, DEG+1)], axis=1)
        w = np.ones(n)
        for it in range(60):
            W = w/np.abs(fx)
            c, *_ = np.linalg.lstsq(V*np.sqrt(W)[:,None], rem*np.sqrt(W), rcond=None)
            err = np.abs((V@c - rem)/fx)
            w = w*err; w /= w.sum()
        coeffs[j] = float(np.float32(c[0]))
    return coeffs

def evaluate(tab, xs):
    # emulate the kernel in float32 with fma
    x = xs.astype(np.float32)
    ax = np.abs(x)
    bits = ax.view(np.int32) & 0x7fe00000
    idx = np.clip(bits - 0x3d400000, 0, 0x3e00000) >> 21
    B = np.array([t[0] for t in tab], dtype=np.float32)
    C = np.array([t[1] for t in tab], dtype=np.float32)  # [32, 7]
    y = (np.minimum(ax, np.float32(16)) - B[idx]).astype(np.float32)
    y64 = y.astype(np.float64)
    r = C[idx, DEG].astype(np.float32)
    for j in range(DEG-1, -1, -1):
        r = (r.astype(np.float64)*y64 + C[idx, j].astype(np.float64)).astype(np.float32)
    return np.copysign(r, x)

def ulps(got, want64):
    want = want64.astype(np.float32)  # correctly rounded approx
    gi = got.view(np.int32).astype(np.int64); wi = want.view(np.int32).astype(np.int64)
    return np.abs(gi - wi)

tab = []
# idx 0: odd taylor
tab.append((0.0, [0.0, 1.0, 0.0, float(np.float32(-1/3)), 0.0, float(np.float32(2/15)), 0.0]))
for k in range(1, 31):
    lo, hi = f32(0x3d400000 + (k<<21)), f32(0x3d400000 + ((k+1)<<21))
    b = float(np.float32((lo+hi)/2))
    tab.append((b, fit_interval(lo, hi, b)))
tab.append((0.0, [1.0, 0, 0, 0, 0, 0, 0]))
# exhaustive over positive floats below 12
allb = np.arange(0, 0x41400000, dtype=np.int64).astype(np.uint32).view(np.float32)
worst = 0
hist = np.zeros(8, dtype=np.int64)
for s in range(0, len(allb), 1<<24):
    xs = allb[s:s+(1<<24)]
    got = evaluate(tab, xs)
    want = np.tanh(xs.astype(np.float64))
    u = ulps(got, want)
    hist += np.bincount(np.minimum(u, 7), minlength=8)
    if u.max() > worst:
        worst = u.max(); i = u.argmax(); print('new worst', worst, 'at', xs[i], got[i], want[i])
print('ulps histogram (0, 1, 2, ...):', hist)

def lit(v):
    v = np.float32(v)
    if v == 0: return "0f" if not np.signbit(v) else "-0f"
    return repr(float(v)) if False else (np.format_float_positional(v, unique=True, trim='-') if 1e-4 <= abs(v) < 1e7 else np.format_float_scientific(v, unique=True, trim='-')) + "f"
rows = [("B", [t[0] for t in tab])] + [("C%d" % j, [t[1][j] for t in tab]) for j in range(7)]
out = []
for name, vals in rows:
    out.append("  private static final float[] %s = {" % name)
    for s in range(0, 32, 4):
        out.append("    " + ", ".join(lit(v) for v in vals[s:s+4]) + ",")
    out.append("  };")
print("\n".join(out))
# verify roundtrip
for name, vals in rows:
    for v in vals:
        l = lit(v)[:-1]
        assert np.float32(float(l)) == np.float32(v), (l, v)

