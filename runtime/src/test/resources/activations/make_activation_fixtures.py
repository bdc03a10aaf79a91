#!/usr/bin/env python3
"""Reference values for dev.netjac.runtime.Activations, computed with mpmath at 50 digits.

Writes, next to this script:
  activations.csv  func,alpha,x,f,df,xdf,xd2f,dterms,kink
      f, df   : f(x) and f'(x), 21 significant digits (or 'Infinity'/'-Infinity' when beyond double range)
      xdf     : |x * f'(x)|   (3 digits)  -- condition term for the value: rounding x by a relative u moves
                                             f by about u*|x f'(x)|
      xd2f    : |x * f''(x)|  (3 digits)  -- the same for the derivative
      dterms  : sum of |terms| of f'(x) (3 digits) where f' is a sum of terms of both signs (swish, gelu,
                gelu_tanh, mish: their derivatives have a root, where only an absolute accuracy relative to
                the terms is possible); |f'(x)| for the other functions
      kink    : 1 if x is a kink of f (df is then the documented convention value, not a limit)
  erf.csv          x,erf,erfc   (21 significant digits)

x is written with repr(), which round-trips exactly through Java's Double.parseDouble; every
reference is the exact function of that double (alpha too is the exact double value passed in Java;
the SELU, gelu_tanh and hard-sigmoid constants are the exact decimal/mathematical ones).

The analytic derivatives are checked here against mpmath.diff (numerical differentiation at 50
digits) at every point that is not a kink; the script fails if they disagree.

Run: python3 make_activation_fixtures.py   (needs mpmath; deterministic output)
"""
import os
import random

import mpmath as mp
from mpmath import mpf

mp.mp.dps = 50

SELU_ALPHA = mpf('1.6732632423543772848170429916717')
SELU_SCALE = mpf('1.0507009873554804934193349852946')
GELU_TANH_K = mpf('0.044715')
SQRT_2_OVER_PI = mp.sqrt(2 / mp.pi)


def sig(x):
    return 1 / (1 + mp.exp(-x))


def Phi(x):
    return mp.erfc(-x / mp.sqrt(2)) / 2


def phi(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def gt_v(x):
    """2u for gelu_tanh, u = sqrt(2/pi) (x + 0.044715 x^3)."""
    return 2 * SQRT_2_OVER_PI * (x + GELU_TANH_K * x ** 3)


def gt_dv(x):
    return 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_K * x * x)


def softplus(x):
    return mp.log1p(mp.exp(x))


# The two terms of the derivatives that are sums of terms of opposite signs (see dterms above).
TERMS = {
    'swish': lambda x: (sig(x), x * sig(x) * sig(-x)),
    'gelu': lambda x: (Phi(x), x * phi(x)),
    'gelu_tanh': lambda x: (sig(gt_v(x)), x * sig(gt_v(x)) * sig(-gt_v(x)) * gt_dv(x)),
    'mish': lambda x: (mp.tanh(softplus(x)), x * mp.sech(softplus(x)) ** 2 * sig(x)),
}

# name -> (f(x, a), f'(x, a), f''(x, a) or None for numerical, kinks(a), alphas)
# f' at a kink must be the documented convention (strict interior of flat/linear pieces).
FUNCS = {
    'linear': (lambda x, a: x, lambda x, a: mpf(1), lambda x, a: mpf(0), [], [None]),
    'relu': (lambda x, a: x if x > 0 else mpf(0),
             lambda x, a: mpf(1) if x > 0 else mpf(0), lambda x, a: mpf(0), [0], [None]),
    'relu6': (lambda x, a: min(max(x, mpf(0)), mpf(6)),
              lambda x, a: mpf(1) if 0 < x < 6 else mpf(0), lambda x, a: mpf(0), [0, 6], [None]),
    'leaky_relu': (lambda x, a: x if x > 0 else a * x,
                   lambda x, a: mpf(1) if x > 0 else a, lambda x, a: mpf(0), [0], [0.2, 0.01]),
    'elu': (lambda x, a: x if x > 0 else a * mp.expm1(x),
            lambda x, a: mpf(1) if x > 0 else a * mp.exp(x),
            lambda x, a: mpf(0) if x > 0 else a * mp.exp(x), [0], [1.0, 0.5]),
    'selu': (lambda x, a: SELU_SCALE * x if x > 0 else SELU_SCALE * SELU_ALPHA * mp.expm1(x),
             lambda x, a: SELU_SCALE if x > 0 else SELU_SCALE * SELU_ALPHA * mp.exp(x),
             lambda x, a: mpf(0) if x > 0 else SELU_SCALE * SELU_ALPHA * mp.exp(x), [0], [None]),
    'sigmoid': (lambda x, a: sig(x), lambda x, a: sig(x) * sig(-x),
                lambda x, a: -sig(x) * sig(-x) * mp.tanh(x / 2), [], [None]),
    'hard_sigmoid': (lambda x, a: min(max(x / 5 + mpf(1) / 2, mpf(0)), mpf(1)),
                     lambda x, a: mpf(1) / 5 if -2.5 < x < 2.5 else mpf(0), lambda x, a: mpf(0),
                     [-2.5, 2.5], [None]),
    'hard_sigmoid_relu6': (lambda x, a: min(max((x + 3) / 6, mpf(0)), mpf(1)),
                           lambda x, a: mpf(1) / 6 if -3 < x < 3 else mpf(0), lambda x, a: mpf(0),
                           [-3, 3], [None]),
    'tanh': (lambda x, a: mp.tanh(x), lambda x, a: mp.sech(x) ** 2,
             lambda x, a: -2 * mp.tanh(x) * mp.sech(x) ** 2, [], [None]),
    'softplus': (lambda x, a: softplus(x), lambda x, a: sig(x),
                 lambda x, a: sig(x) * sig(-x), [], [None]),
    'softsign': (lambda x, a: x / (1 + abs(x)), lambda x, a: 1 / (1 + abs(x)) ** 2,
                 lambda x, a: -2 * mp.sign(x) / (1 + abs(x)) ** 3, [], [None]),
    'swish': (lambda x, a: x * sig(x), lambda x, a: sig(x) * (1 + x * sig(-x)), None, [], [None]),
    'gelu': (lambda x, a: x * Phi(x), lambda x, a: Phi(x) + x * phi(x),
             lambda x, a: phi(x) * (2 - x * x), [], [None]),
    # 0.5 (1 + tanh(u)) = sigmoid(2u): written with sigmoid so that no 1 - 1 cancellation happens in the tail
    'gelu_tanh': (lambda x, a: x * sig(gt_v(x)),
                  lambda x, a: sig(gt_v(x)) + x * sig(gt_v(x)) * sig(-gt_v(x)) * gt_dv(x), None, [], [None]),
    'mish': (lambda x, a: x * mp.tanh(softplus(x)),
             lambda x, a: mp.tanh(softplus(x)) + x * mp.sech(softplus(x)) ** 2 * sig(x), None, [], [None]),
    'exponential': (lambda x, a: mp.exp(x), lambda x, a: mp.exp(x), lambda x, a: mp.exp(x), [], [None]),
}

DOUBLE_MAX = mpf(float.fromhex('0x1.fffffffffffffp+1023'))


def points():
    base = [0.0, 1e-300, 1e-8, 1e-3, 0.1, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0,
            8.0, 10.0, 20.0, 40.0, 1000.0]
    xs = base + [-v for v in base[1:]]
    rnd = random.Random(20240607)
    xs += [round(rnd.uniform(-8, 8), 6) for _ in range(6)]
    # near (not at) the kinks and the branch switches of the implementation
    xs += [2.4999999, -2.4999999, 2.9999999, -2.9999999, 5.9999999, 6.0000001, 1e-12, -1e-12,
           -0.6931, -0.6932, 0.55, 0.56, -1.7677, -1.7678, -4.0406, -4.0407, 30.0, -30.0, -37.0]
    return xs


def num(v, digits=21):
    if mp.isinf(v) or abs(v) > DOUBLE_MAX:
        return 'Infinity' if v > 0 else '-Infinity'
    if v == 0:
        return '0'
    return mp.nstr(v, digits, min_fixed=1, max_fixed=0, strip_zeros=True)


def small(v):
    v = abs(v)
    if v > mpf('1e300'):
        v = mpf('1e300')
    return mp.nstr(v, 3, min_fixed=1, max_fixed=0) if v != 0 else '0'


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = ['func,alpha,x,f,df,xdf,xd2f,dterms,kink']
    for name, (f, df, d2f, kinks, alphas) in FUNCS.items():
        for alpha in alphas:
            a = mpf(alpha) if alpha is not None else None
            for xd in points():
                x = mpf(xd)
                fv = f(x, a)
                dv = df(x, a)
                with mp.workdps(90):                      # guards against cancellation in the formulas
                    for lo, hi in ((fv, f(x, a)), (dv, df(x, a))):
                        assert abs(lo - hi) <= mpf('1e-40') * abs(hi), (name, alpha, xd, lo, hi)
                kink = any(x == mpf(k) for k in kinks)
                near_kink = any(abs(x - mpf(k)) < mpf('1e-6') for k in kinks)
                if not near_kink and abs(x) < 100:
                    numeric = mp.diff(lambda t: f(t, a), x)
                    assert abs(numeric - dv) <= mpf('1e-25') * (1 + abs(dv)), (name, alpha, xd, numeric, dv)
                if kink:
                    d2v = mpf(0)
                elif d2f is not None:
                    d2v = d2f(x, a)
                else:
                    d2v = mp.diff(lambda t: df(t, a), x)
                if name in TERMS:
                    terms = TERMS[name](x)
                    assert abs(sum(terms) - dv) <= mpf('1e-40') * sum(abs(t) for t in terms), (name, xd)
                    dterms = sum(abs(t) for t in terms)
                else:
                    dterms = abs(dv)
                rows.append(','.join([name, '' if alpha is None else repr(alpha), repr(xd), num(fv), num(dv),
                                      small(x * dv), small(x * d2v), small(dterms), '1' if kink else '0']))
    with open(os.path.join(here, 'activations.csv'), 'w') as out:
        out.write('\n'.join(rows) + '\n')

    xs = set()
    for k in range(60):                                  # 1e-300 .. 1e-3, log-spaced
        xs.add(float(mp.mpf(10) ** (-300 + k * 297 / 59.0)))
    for k in range(1, 121):                              # 0.05 .. 6
        xs.add(k * 0.05)
    for k in range(1, 43):                               # erfc tail 6.5 .. 27.0
        xs.add(6 + k * 0.5)
    for b in [0.84375, 1.25, float.fromhex('0x1.6db6dp+1'), float.fromhex('0x1.6db6ep+1'), 2.857142857142857,
              6.0, 28.0, 0.25, 2.0 ** -28, 2.0 ** -56, 26.5, 26.6, 27.2, 27.3]:
        for v in (b, float.fromhex(float.hex(b)) * (1 + 2 ** -52), b * (1 - 2 ** -53)):
            xs.add(v)
    pos = sorted(xs)
    allx = pos + [-v for v in pos if v <= 6.5]
    allx += [5e-324, 1e-310, -1e-310, 2.0 ** -1015, 2.0 ** -1020]
    lines = ['x,erf,erfc']
    for xd in allx:
        x = mpf(xd)
        lines.append(f'{xd!r},{num(mp.erf(x))},{num(mp.erfc(x))}')
    with open(os.path.join(here, 'erf.csv'), 'w') as out:
        out.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
