#!/usr/bin/env node
// Generates netjac's recurrent TF.js import fixtures with the real tool: tiny LSTM, GRU, SimpleRNN,
// Bidirectional and TimeDistributed models built and saved by pure-JS TensorFlow.js 4.22 (CPU backend),
// with TF.js's own float32 outputs for seeded inputs.
//
//   cd samples/tfjs-fixtures && npm ci && node make_recurrent_fixtures.js && python3 recurrent_reference.py
//
// Writes generator/src/test/resources/tfjs-recurrent/<model>/{model.json, group1-shard1of1.bin,
// tfjs_outputs.json}. float32 Jacobians are not accurate enough to judge netjac at 1e-9, so
// recurrent_reference.py re-implements the Keras cells in float64 (torch autograd) from the saved weights,
// writes expected.json (outputs and Jacobians) and checks it against TF.js's outputs (~1e-5).
// Weights and inputs come from a seeded PRNG, so a rerun rewrites identical bytes.
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT_DIR = path.resolve(__dirname, '../../generator/src/test/resources/tfjs-recurrent');
const SAMPLES = 2;
const STEPS = 5;
const FEATURES = 3;

function makeRng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    let u = uniform();
    while (u <= 1e-12) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return {normal};
}

// Saving as make_fixtures.js does: model.save's artifacts laid out as the converter writes one shard.
async function saveModel(model, dir) {
  fs.mkdirSync(dir, {recursive: true});
  for (const f of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, f));
  await model.save(tf.io.withSaveHandler(async artifacts => {
    const weightData = Array.isArray(artifacts.weightData)
        ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
    const paths = ['group1-shard1of1.bin'];
    fs.writeFileSync(path.join(dir, paths[0]), Buffer.from(weightData));
    const modelJSON = {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths, weights: artifacts.weightSpecs}],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJSON));
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
  }));
}

const L = tf.layers;
const input = {inputShape: [STEPS, FEATURES]};
const MODELS = {
  lstm_last: () => [L.lstm({units: 4, ...input})],
  lstm_sequences_sigmoid: () => [L.lstm({units: 4, returnSequences: true, recurrentActivation: 'sigmoid', ...input}),
    L.dense({units: 2})],
  lstm_backwards_nobias: () => [L.lstm({units: 3, goBackwards: true, useBias: false, returnSequences: true, ...input})],
  gru_last: () => [L.gru({units: 4, ...input})],
  gru_sequences_backwards: () => [L.gru({units: 4, returnSequences: true, goBackwards: true, activation: 'softsign',
    ...input})],
  simple_rnn_dense: () => [L.simpleRNN({units: 4, ...input}), L.dense({units: 2, activation: 'tanh'})],
  simple_rnn_sequences_relu: () => [L.simpleRNN({units: 3, returnSequences: true, activation: 'relu', ...input})],
  bidirectional_lstm_concat: () => [L.bidirectional({layer: L.lstm({units: 3, returnSequences: true}),
    mergeMode: 'concat', ...input}), L.timeDistributed({layer: L.dense({units: 2})})],
  bidirectional_gru_sum: () => [L.bidirectional({layer: L.gru({units: 3}), mergeMode: 'sum', ...input})],
  bidirectional_rnn_mul: () => [L.bidirectional({layer: L.simpleRNN({units: 3, returnSequences: true}),
    mergeMode: 'mul', ...input})],
  bidirectional_lstm_ave: () => [L.bidirectional({layer: L.lstm({units: 2}), mergeMode: 'ave', ...input}),
    L.dense({units: 1})],
  stacked_lstm_gru: () => [L.lstm({units: 4, returnSequences: true, ...input}), L.gru({units: 3})],
};

async function main() {
  fs.mkdirSync(OUT_DIR, {recursive: true});
  for (const [name, build] of Object.entries(MODELS)) {
    let seed = 0;
    for (let i = 0; i < name.length; i++) seed = (seed * 31 + name.charCodeAt(i)) >>> 0;
    const rng = makeRng(seed);
    const model = tf.sequential({layers: build()});
    // Seeded weights of scale ~1/sqrt(fan-in), so gates are neither saturated nor linear.
    model.setWeights(model.getWeights().map(w => {
      const fanIn = w.shape.length > 1 ? w.shape[0] : 4;
      const values = Array.from({length: w.size}, () => rng.normal() / Math.sqrt(fanIn));
      return tf.tensor(values, w.shape);
    }));
    const dir = path.join(OUT_DIR, name);
    await saveModel(model, dir);
    const samples = [];
    for (let s = 0; s < SAMPLES; s++) {
      const x = Array.from({length: STEPS * FEATURES}, () => rng.normal());
      const y = model.predict(tf.tensor(x, [1, STEPS, FEATURES]));
      samples.push({input: x, tfjs_output: Array.from(y.dataSync())});
    }
    fs.writeFileSync(path.join(dir, 'tfjs_outputs.json'), JSON.stringify({
      tfjs: tf.version.tfjs, input_shape: [STEPS, FEATURES], samples}, null, 1) + '\n');
    console.log(name, model.outputs[0].shape, model.getWeights().map(w => w.shape).join(' '));
  }
}

main().catch(e => { console.error(e); process.exit(1); });
