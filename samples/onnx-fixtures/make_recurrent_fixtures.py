"""Writes the recurrent ONNX fixtures (docs/onnx.md, docs/layers-recurrent.md) with torch 1.13 and onnx 1.12, in
the layout of make_fixtures.py (<name>.onnx, .x.npy, .y.npy, .J.npy; read by OnnxFixtureTest through
`netjac eval`): nn.LSTM, nn.GRU and nn.RNN, batch_first, one and two directions, two layers, the sequence
output indexed by y[:, -1] or returned whole, and the final state h_n[-1]. Weights are float64 (torch's
float64 forward and autograd Jacobians are the reference); the batch axis is dynamic.

    /usr/bin/python3 samples/onnx-fixtures/make_recurrent_fixtures.py
"""
import os

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS, FEATURES = 5, 3


class LastStep(nn.Module):
    """rnn -> y[:, -1] -> Linear."""
    def __init__(self, kind, hidden, **options):
        super().__init__()
        self.rnn = getattr(nn, kind)(FEATURES, hidden, batch_first=True, **options)
        self.fc = nn.Linear(hidden * (2 if options.get('bidirectional') else 1), 2)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.fc(y[:, -1])


class Sequence(nn.Module):
    """rnn -> the whole sequence y, (batch, steps, directions * hidden)."""
    def __init__(self, kind, hidden, **options):
        super().__init__()
        self.rnn = getattr(nn, kind)(FEATURES, hidden, batch_first=True, **options)

    def forward(self, x):
        return self.rnn(x)[0]


class FinalState(nn.Module):
    """rnn -> h_n[-1] (the last layer's final state) -> tanh."""
    def __init__(self, kind, hidden, **options):
        super().__init__()
        self.rnn = getattr(nn, kind)(FEATURES, hidden, batch_first=True, **options)

    def forward(self, x):
        h = self.rnn(x)[1]
        h = h[0] if isinstance(h, tuple) else h
        return torch.tanh(h[-1])


MODELS = [
    ('rnn_lstm_last', lambda: LastStep('LSTM', 4), 14),
    ('rnn_lstm_bidirectional_sequence', lambda: Sequence('LSTM', 3, bidirectional=True), 14),
    ('rnn_gru_last', lambda: LastStep('GRU', 4), 14),
    ('rnn_gru_bidirectional_last', lambda: LastStep('GRU', 3, bidirectional=True), 17),
    ('rnn_gru_two_layers_state', lambda: FinalState('GRU', 3, num_layers=2), 14),
    ('rnn_simple_relu_sequence', lambda: Sequence('RNN', 4, nonlinearity='relu'), 14),
    ('rnn_simple_tanh_state', lambda: FinalState('RNN', 4), 17),
]


def main():
    for name, build, opset in MODELS:
        generator = torch.Generator().manual_seed(4321)
        model = build().double()
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=generator, dtype=torch.float64) * 0.6)
        model.eval()
        x = torch.randn((2, STEPS, FEATURES), generator=generator, dtype=torch.float64)
        base = os.path.join(HERE, f'{name}_f64_op{opset}')
        torch.onnx.export(model, x[:1], base + '.onnx', opset_version=opset, input_names=['input'],
                          output_names=['output'], dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}},
                          do_constant_folding=True)
        with torch.no_grad():
            y = model(x)
        jac = np.stack([torch.autograd.functional.jacobian(lambda v: model(v[None])[0], x[b])
                        .reshape(y[0].numel(), x[b].numel()).numpy() for b in range(x.shape[0])])
        np.save(base + '.x.npy', x.numpy())
        np.save(base + '.y.npy', y.numpy())
        np.save(base + '.J.npy', jac)
        print(base, tuple(y.shape), jac.shape)


if __name__ == '__main__':
    main()
