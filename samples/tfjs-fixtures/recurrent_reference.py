#!/usr/bin/python3
"""float64 references for the recurrent TF.js fixtures (see make_recurrent_fixtures.js).

Re-implements the Keras cells TF.js 4.22 saved (LSTM, GRU with reset_after false, SimpleRNN, Bidirectional,
TimeDistributed(Dense), Dense) in torch float64 from each fixture's model.json and weights, evaluates it at
the inputs make_recurrent_fixtures.js drew, and writes expected.json: outputs and Jacobians
(torch.autograd.functional.jacobian, jac[i][j] = d output_i / d input_j, inputs flattened [steps, features]).
Checks first that the float64 outputs agree with TF.js's own float32 outputs to 1e-5.

    /usr/bin/python3 samples/tfjs-fixtures/recurrent_reference.py
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..', 'generator', 'src', 'test', 'resources', 'tfjs-recurrent')
TOLERANCE_VS_TFJS = 1e-5

ACTIVATIONS = {
    'tanh': torch.tanh,
    'sigmoid': torch.sigmoid,
    'hard_sigmoid': lambda v: torch.clamp(0.2 * v + 0.5, 0.0, 1.0),  # Keras 2 / TF.js
    'softsign': lambda v: v / (1 + torch.abs(v)),
    'relu': torch.relu,
    'linear': lambda v: v,
}


def weights_of(folder):
    model = json.load(open(os.path.join(folder, 'model.json')))
    group = model['weightsManifest'][0]
    data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
    out, offset = {}, 0
    for spec in group['weights']:
        assert spec['dtype'] == 'float32'
        n = int(np.prod(spec['shape']))
        values = np.frombuffer(data, dtype='<f4', count=n, offset=offset).astype(np.float64)
        out[spec['name']] = torch.tensor(values.reshape(spec['shape']))
        offset += 4 * n
    return model['modelTopology'], out


def rnn(kind, config, w, prefix, x, backwards):
    """One recurrent layer over x [T, F] from a zero state; outputs in processing order, as Keras."""
    units = config['units']
    act = ACTIVATIONS[config['activation']]
    rec = ACTIVATIONS[config.get('recurrent_activation', 'linear')]
    kernel, recurrent = w[prefix + '/kernel'], w[prefix + '/recurrent_kernel']
    bias = w[prefix + '/bias'] if config['use_bias'] else torch.zeros(kernel.shape[1], dtype=torch.float64)
    steps = range(x.shape[0] - 1, -1, -1) if backwards else range(x.shape[0])
    h = torch.zeros(units, dtype=torch.float64)
    c = torch.zeros(units, dtype=torch.float64)
    outputs = []
    n = units
    for t in steps:
        p = x[t] @ kernel + bias
        if kind == 'SimpleRNN':
            h = act(p + h @ recurrent)
        elif kind == 'LSTM':
            z = p + h @ recurrent
            i, f, g, o = rec(z[:n]), rec(z[n:2 * n]), act(z[2 * n:3 * n]), rec(z[3 * n:])
            c = f * c + i * g
            h = o * act(c)
        elif kind == 'GRU':
            assert not config.get('reset_after', False)
            zr = h @ recurrent[:, :2 * n]
            z = rec(p[:n] + zr[:n])
            r = rec(p[n:2 * n] + zr[n:])
            hh = act(p[2 * n:] + (r * h) @ recurrent[:, 2 * n:])
            h = z * h + (1 - z) * hh
        else:
            raise ValueError(kind)
        outputs.append(h)
    return torch.stack(outputs) if config['return_sequences'] else h


def dense(config, w, prefix, x):
    y = x @ w[prefix + '/kernel']
    if config['use_bias']:
        y = y + w[prefix + '/bias']
    return ACTIVATIONS[config['activation']](y)


def layer(spec, w, x):
    kind, config = spec['class_name'], spec['config']
    if kind in ('LSTM', 'GRU', 'SimpleRNN'):
        return rnn(kind, config, w, config['name'], x, config['go_backwards'])
    if kind == 'Dense':
        return dense(config, w, config['name'], x)
    if kind == 'TimeDistributed':
        return dense(config['layer']['config'], w, config['name'], x)
    if kind == 'Bidirectional':
        inner = config['layer']
        c = inner['config']
        forward = rnn(inner['class_name'], c, w, config['name'] + '/forward_' + c['name'], x, c['go_backwards'])
        backward = rnn(inner['class_name'], c, w, config['name'] + '/backward_' + c['name'], x, not c['go_backwards'])
        if c['return_sequences']:
            backward = torch.flip(backward, [0])
        mode = config['merge_mode']
        if mode == 'concat':
            return torch.cat([forward, backward], dim=-1)
        return {'sum': forward + backward, 'mul': forward * backward, 'ave': (forward + backward) / 2}[mode]
    raise ValueError(kind)


def main():
    worst = 0.0
    for name in sorted(os.listdir(ROOT)):
        folder = os.path.join(ROOT, name)
        if not os.path.isdir(folder):
            continue
        topology, w = weights_of(folder)
        layers = topology['config']['layers']
        recorded = json.load(open(os.path.join(folder, 'tfjs_outputs.json')))
        shape = recorded['input_shape']

        def model(flat):
            x = flat.reshape(shape)
            for spec in layers:
                x = layer(spec, w, x)
            return x.reshape(-1)

        samples = []
        for sample in recorded['samples']:
            x = torch.tensor(sample['input'], dtype=torch.float64)
            y = model(x)
            diff = float(np.max(np.abs(y.detach().numpy() - np.array(sample['tfjs_output']))))
            if diff > TOLERANCE_VS_TFJS:
                sys.exit(f'{name}: float64 re-implementation differs from TF.js by {diff}')
            worst = max(worst, diff)
            jac = torch.autograd.functional.jacobian(model, x)
            samples.append({'input': sample['input'], 'output': y.tolist(), 'jacobian': jac.tolist()})
        with open(os.path.join(folder, 'expected.json'), 'w') as f:
            json.dump({'reference': 'torch %s float64 re-implementation of the Keras cells; TF.js %s outputs agree '
                                    'to %.1e' % (torch.__version__, recorded['tfjs'], TOLERANCE_VS_TFJS),
                       'input_shape': shape, 'samples': samples}, f, indent=1)
            f.write('\n')
    print('worst float64 vs TF.js float32 output difference: %.2e' % worst)


if __name__ == '__main__':
    main()
