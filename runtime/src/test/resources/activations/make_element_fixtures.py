#!/usr/bin/env python3
"""Reference values for dev.netjac.runtime's element functions that ONNX models add (erf's derivative, log,
sqrt, abs, neg, reciprocal, pow, celu, hard_swish), computed with mpmath at 50 digits, in the format of
make_activation_fixtures.py (whose points, number formatting and checks this script reuses):

  elements.csv  func,alpha,x,f,df,xdf,xd2f,dterms,kink
      alpha is the function's parameter: celu's alpha, pow's exponent p; empty for the others.

Points outside a function's domain (log, sqrt: x <= 0; reciprocal and negative powers: x = 0; a non-integer
power: x < 0) are left out: there the runtime returns what IEEE arithmetic gives (NaN, infinities), which
ElementFunctionsSpecialValuesTest checks. The analytic derivatives are checked against mpmath.diff at every
point that is not a kink and not within 1e-2 of a pole.

Run: /usr/bin/python3 make_element_fixtures.py   (needs mpmath; deterministic output)
"""
import os

import mpmath as mp
from mpmath import mpf

import make_activation_fixtures as base

mp.mp.dps = 50


def is_int(a):
    return a is not None and float(a) == int(a)


# name -> (f(x, a), f'(x, a), f''(x, a) or None, kinks, parameters, domain(x, a))
FUNCS = {
    'erf': (lambda x, a: mp.erf(x), lambda x, a: 2 / mp.sqrt(mp.pi) * mp.exp(-x * x),
            lambda x, a: -4 * x / mp.sqrt(mp.pi) * mp.exp(-x * x), [], [None], lambda x, a: True),
    'log': (lambda x, a: mp.log(x), lambda x, a: 1 / x, lambda x, a: -1 / x ** 2, [], [None], lambda x, a: x > 0),
    'sqrt': (lambda x, a: mp.sqrt(x), lambda x, a: 1 / (2 * mp.sqrt(x)), lambda x, a: -1 / (4 * x * mp.sqrt(x)), [],
             [None], lambda x, a: x > 0),
    'abs': (lambda x, a: abs(x), lambda x, a: mp.sign(x), lambda x, a: mpf(0), [0], [None], lambda x, a: True),
    'neg': (lambda x, a: -x, lambda x, a: mpf(-1), lambda x, a: mpf(0), [], [None], lambda x, a: True),
    'reciprocal': (lambda x, a: 1 / x, lambda x, a: -1 / x ** 2, lambda x, a: 2 / x ** 3, [], [None],
                   lambda x, a: x != 0),
    'pow': (lambda x, a: x ** a, lambda x, a: a * x ** (a - 1) if a != 0 else mpf(0),
            lambda x, a: a * (a - 1) * x ** (a - 2) if a not in (0, 1) else mpf(0), [], [2.0, 3.0, -1.0, 0.5, -1.5],
            lambda x, a: x > 0 or (is_int(a) and (x != 0 or a >= 0))),
    'celu': (lambda x, a: x if x > 0 else a * mp.expm1(x / a), lambda x, a: mpf(1) if x > 0 else mp.exp(x / a),
             lambda x, a: mpf(0) if x > 0 else mp.exp(x / a) / a, [], [1.0, 0.3], lambda x, a: True),
    # The middle piece's slope at both kinks: the flat and linear outer pieces are open.
    'hard_swish': (lambda x, a: mpf(0) if x <= -3 else (x if x >= 3 else x * (x + 3) / 6),
                   lambda x, a: mpf(0) if x < -3 else (x / 3 + mpf(1) / 2 if x <= 3 else mpf(1)),
                   lambda x, a: mpf(1) / 3 if -3 < x < 3 else mpf(0), [-3, 3], [None], lambda x, a: True),
}

# Derivatives that are sums of terms of both signs (a root in between): the accuracy is relative to the terms.
TERMS = {'hard_swish': lambda x: (x / 3, mpf(1) / 2) if -3 <= x <= 3 else (mp.mpf(0) if x < -3 else mpf(1),)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = ['func,alpha,x,f,df,xdf,xd2f,dterms,kink']
    for name, (f, df, d2f, kinks, params, domain) in FUNCS.items():
        for alpha in params:
            a = mpf(alpha) if alpha is not None else None
            for xd in base.points():
                x = mpf(xd)
                if not domain(x, a):
                    continue
                fv = f(x, a)
                dv = df(x, a)
                kink = any(x == mpf(k) for k in kinks)
                near = any(abs(x - mpf(k)) < mpf('1e-6') for k in kinks)
                if not near and 1e-2 < abs(x) < 100 or (not near and name in ('erf', 'neg', 'celu') and abs(x) < 100):
                    numeric = mp.diff(lambda t: f(t, a), x)
                    assert abs(numeric - dv) <= mpf('1e-25') * (1 + abs(dv)), (name, alpha, xd, numeric, dv)
                d2v = mpf(0) if kink else d2f(x, a)
                dterms = sum(abs(t) for t in TERMS[name](x)) if name in TERMS else abs(dv)
                rows.append(','.join([name, '' if alpha is None else repr(alpha), repr(xd), base.num(fv), base.num(dv),
                                      base.small(x * dv), base.small(x * d2v), base.small(dterms), '1' if kink else '0']))
    with open(os.path.join(here, 'elements.csv'), 'w') as out:
        out.write('\n'.join(rows) + '\n')
    print(len(rows) - 1, 'rows')


if __name__ == '__main__':
    main()
