#!/usr/bin/python3
"""Keras 2 .h5 files of recurrent models, in the layout Keras's legacy_h5_format.py writes (see make_fixtures.py),
from the TF.js recurrent fixtures (generator/src/test/resources/tfjs-recurrent, make_recurrent_fixtures.js).

Keras cannot be installed here. TF.js's modelTopology is a Keras 2 model config, so it becomes the file's
model_config unchanged; the weights keep their values and get the names tf.keras 2 gives them: the cell's
scope inside a recurrent layer ("lstm/lstm_cell/kernel:0"; "bidirectional/forward_lstm/lstm_cell/kernel:0"),
datasets at model_weights/<layer>/<weight name>. The float64 references (expected.json, from
recurrent_reference.py) hold for the same weights, so they are copied beside each file.

    /usr/bin/python3 samples/keras-fixtures/make_recurrent_h5.py
"""
import json
import os
import shutil

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, '..', '..', 'generator', 'src', 'test', 'resources')
SOURCE = os.path.join(RESOURCES, 'tfjs-recurrent')
OUT = os.path.join(RESOURCES, 'keras', 'recurrent')
MODELS = ['lstm_sequences_sigmoid', 'gru_sequences_backwards', 'simple_rnn_dense', 'bidirectional_lstm_concat',
          'bidirectional_gru_sum', 'stacked_lstm_gru']
CELLS = {'LSTM': 'lstm_cell', 'GRU': 'gru_cell', 'SimpleRNN': 'simple_rnn_cell'}


def cell_scopes(layers):
    """Prefix of a TF.js weight name -> the Keras 2 prefix with the cell scope."""
    scopes = {}
    for layer in layers:
        kind, config = layer['class_name'], layer['config']
        if kind in CELLS:
            scopes[config['name']] = config['name'] + '/' + CELLS[kind]
        elif kind == 'Bidirectional':
            inner = config['layer']
            for side in ('forward_', 'backward_'):
                prefix = config['name'] + '/' + side + inner['config']['name']
                scopes[prefix] = prefix + '/' + CELLS[inner['class_name']]
    return scopes


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in MODELS:
        folder = os.path.join(SOURCE, name)
        model = json.load(open(os.path.join(folder, 'model.json')))
        group = model['weightsManifest'][0]
        data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        topology = model['modelTopology']
        topology['keras_version'] = '2.12.0'
        topology['backend'] = 'tensorflow'
        layers = topology['config']['layers']
        scopes = cell_scopes(layers)
        by_layer, offset = {}, 0
        for spec in group['weights']:
            n = int(np.prod(spec['shape']))
            values = np.frombuffer(data, dtype='<f4', count=n, offset=offset).reshape(spec['shape'])
            offset += 4 * n
            prefix, weight = spec['name'].rsplit('/', 1)
            keras_name = scopes.get(prefix, prefix) + '/' + weight + ':0'
            by_layer.setdefault(spec['name'].split('/')[0], []).append((keras_name, values))
        with h5py.File(os.path.join(OUT, name + '.h5'), 'w') as f:
            f.attrs['backend'] = b'tensorflow'
            f.attrs['keras_version'] = b'2.12.0'
            f.attrs['model_config'] = json.dumps(topology).encode('utf8')
            g = f.create_group('model_weights')
            names = [l['config']['name'] for l in layers]
            g.attrs['layer_names'] = [n.encode('utf8') for n in names]
            g.attrs['backend'] = b'tensorflow'
            g.attrs['keras_version'] = b'2.12.0'
            for layer_name in names:
                lg = g.create_group(layer_name)
                weights = by_layer.get(layer_name, [])
                lg.attrs['weight_names'] = [w.encode('utf8') for w, _ in weights] if weights else np.array([], dtype='S1')
                for w, v in weights:
                    lg.create_dataset(w, data=v)
        shutil.copy(os.path.join(folder, 'expected.json'), os.path.join(OUT, name + '.expected.json'))
        print(name, [w for ws in by_layer.values() for w, _ in ws][:3])


if __name__ == '__main__':
    main()
