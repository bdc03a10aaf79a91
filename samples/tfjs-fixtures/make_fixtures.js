#!/usr/bin/env node
// Generates netjac's TF.js import fixtures with the real tool: small Keras models built and saved
// by pure-JS TensorFlow.js (CPU backend), plus TF.js's own outputs and Jacobians for seeded inputs.
//
//   cd samples/tfjs-fixtures && npm ci && node make_fixtures.js
//
// Writes generator/src/test/resources/tfjs/<model>/{model.json, *.bin, expected.json} and
// generator/src/test/resources/tfjs/README.md. The run is deterministic: weights and inputs come from a
// seeded PRNG, never from TF.js's (unseeded) initializers, so a rerun rewrites identical bytes.
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT_DIR = path.resolve(__dirname, '../../generator/src/test/resources/tfjs');
const TFJS_VERSION = tf.version.tfjs;
const SAMPLES = 3;
// Samples are drawn until one lies at least MIN_KINK_MARGIN from every kink (see kinkMargin), far
// above the ~1e-6 by which float32 and float64 pre-activations differ, and its Jacobian passes the
// finite-difference check (see finiteDifferenceError) within FD_TOLERANCE of the largest entry.
const MIN_KINK_MARGIN = 1e-4;
const FD_STEP = 1e-2;
const FD_TOLERANCE = 2e-3;
const MAX_DRAWS = 100;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32 + Box-Muller): the same stream on every run and platform.

function hashString(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

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
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const between = (lo, hi) => lo + (hi - lo) * uniform();
  return {uniform, normal, between};
}

// ---------------------------------------------------------------------------------------------
// IEEE half precision, as numpy's astype(float16) (round to nearest, ties to even).

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

function float32ToHalfBits(v) {
  f32Scratch[0] = v;
  const x = u32Scratch[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

function halfBitsToFloat(h) {
  const sign = (h & 0x8000) ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * Math.pow(2, -24);
  if (e === 31) return m !== 0 ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * Math.pow(2, e - 15);
}

const roundToHalf = v => halfBitsToFloat(float32ToHalfBits(v));

// ---------------------------------------------------------------------------------------------
// Deterministic weights. TF.js's initializers are unseeded by default, so every weight is
// overwritten from a PRNG seeded by the model name, with a distribution per weight kind that keeps
// activations O(1) and makes batch-norm statistics, gammas, betas and biases clearly non-trivial.

function fill(shape, rng, kind) {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
  for (let i = 0; i < n; i++) {
    let v;
    switch (kind) {
      case 'kernel': v = rng.normal() * 1.3 / Math.sqrt(fanIn); break;
      case 'bias': v = rng.between(-0.5, 0.5); break;
      case 'gamma': v = rng.between(0.6, 1.5); break;
      case 'beta': v = rng.between(-0.4, 0.4); break;
      case 'moving_mean': v = rng.between(-0.6, 0.6); break;
      case 'moving_variance': v = rng.between(0.3, 2.2); break;
      case 'alpha': v = rng.between(0.05, 0.5); break;
      default: throw new Error(`no initial values for weight kind ${kind}`);
    }
    out[i] = v;
  }
  return out;
}

function setDeterministicWeights(model, name, {float16 = false} = {}) {
  const rng = makeRng(hashString('weights:' + name));
  const values = model.weights.map(w => {
    const kind = w.originalName.split('/').pop();
    const data = fill(w.shape, rng, kind);
    if (float16) for (let i = 0; i < data.length; i++) data[i] = roundToHalf(data[i]);
    return tf.tensor(data, w.shape, 'float32');
  });
  model.setWeights(values);
  values.forEach(t => t.dispose());
}

// ---------------------------------------------------------------------------------------------
// Saving: model.save with a custom handler that lays the artifacts out on disk as the official
// writers do. modelTopology/format/generatedBy/convertedBy come unchanged from model.save; the
// manifest is [{paths, weights}] in model.save's weight order. Single shard: 'group1-shard1of1.bin'
// (the converter's name; tfjs-node's file:// handler writes the same layout but calls it
// 'weights.bin'). Several shards / float16: what tensorflowjs_converter writes
// (write_weights.py): the group's bytes concatenated, then cut every shard_size bytes (a weight,
// even a single float, may straddle two files); float16 entries keep dtype 'float32' and gain
// quantization {dtype: 'float16', original_dtype: 'float32'}, data stored as IEEE half.

function shardBytes(bytes, shards) {
  if (shards === 1) return [bytes];
  let size = Math.ceil(bytes.length / shards);
  if (size % 4 === 0) size += 2; // make a boundary cut through a float, as an odd shard size does
  const parts = [];
  for (let off = 0; off < bytes.length; off += size) parts.push(bytes.subarray(off, off + size));
  if (parts.length !== shards) throw new Error(`wanted ${shards} shards, got ${parts.length}`);
  return parts;
}

function toHalfBytes(float32Bytes) {
  const f32 = new Float32Array(float32Bytes.buffer, float32Bytes.byteOffset, float32Bytes.length / 4);
  const half = new Uint16Array(f32.length);
  for (let i = 0; i < f32.length; i++) {
    half[i] = float32ToHalfBits(f32[i]);
    if (halfBitsToFloat(half[i]) !== f32[i]) throw new Error('float16 model weight not representable in half');
  }
  return Buffer.from(half.buffer);
}

async function saveModel(model, dir, {shards = 1, float16 = false} = {}) {
  fs.mkdirSync(dir, {recursive: true});
  for (const f of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, f));
  let written;
  await model.save(tf.io.withSaveHandler(async artifacts => {
    const weightData = Array.isArray(artifacts.weightData)
        ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
    let bytes = Buffer.from(weightData);
    let specs = artifacts.weightSpecs;
    if (float16) {
      for (const s of specs) if (s.dtype !== 'float32') throw new Error('float16: non-float32 weight ' + s.name);
      bytes = toHalfBytes(bytes);
      specs = specs.map(s => ({name: s.name, shape: s.shape, dtype: s.dtype,
                               quantization: {dtype: 'float16', original_dtype: 'float32'}}));
    }
    const parts = shardBytes(bytes, shards);
    const paths = parts.map((_, i) => `group1-shard${i + 1}of${parts.length}.bin`);
    parts.forEach((p, i) => fs.writeFileSync(path.join(dir, paths[i]), p));
    const convertedBy = (shards > 1 || float16)
        ? `netjac make_fixtures.js: weights laid out as tensorflowjs_converter writes them`
          + (float16 ? ' with --quantize_float16' : '')
          + (shards > 1 ? ` in ${shards} shards of ${parts[0].length} bytes` : '')
        : artifacts.convertedBy;
    // Key order as tfjs-node's NodeFileSystem.save writes model.json.
    const modelJSON = {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths, weights: specs}],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy,
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJSON));
    written = {paths, specs};
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
  }));
  return written;
}

// Loads a fixture back the way a file handler would (manifest paths relative to model.json, shards
// concatenated), so TF.js's own decoder (incl. float16) and deserializer check what we wrote.
async function loadFromDisk(dir) {
  const modelJSON = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const buffers = [];
  const specs = [];
  for (const group of modelJSON.weightsManifest) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
    specs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJSON.modelTopology, weightSpecs: specs, weightData,
    format: modelJSON.format, generatedBy: modelJSON.generatedBy, convertedBy: modelJSON.convertedBy,
  }));
}

// ---------------------------------------------------------------------------------------------
// Outputs and Jacobians from TF.js.

function batchOf(x, shape) {
  return tf.tensor(x, [1, ...shape], 'float32');
}

// run(model, batch) evaluates a model: predict() normally, the patched graph where TF.js cannot
// execute a layer it saves (causal Conv1D). Gradients always go through the patched graph.
const predictRun = (model, batch) => model.predict(batch, {batchSize: batch.shape[0]});

function forward(run, model, x, shape) {
  return tf.tidy(() => Array.from(run(model, batchOf(x, shape)).dataSync()));
}

// Row i of dy/dx is tf.grad of the scalar y_i (inference mode: no training flag is passed, so
// BatchNormalization uses the moving statistics and the dropout/noise layers are identities).
function jacobian(gradRun, model, x, shape, outSize) {
  const rows = [];
  const xt = batchOf(x, shape);
  for (let i = 0; i < outSize; i++) {
    const row = tf.tidy(() => {
      const yi = xx => gradRun(model, xx).reshape([-1]).slice([i], [1]).sum();
      return Array.from(tf.grad(yi)(xt).dataSync());
    });
    rows.push(row);
  }
  xt.dispose();
  return rows;
}

// Finite differences, all 2N perturbed inputs in one batch; the step actually taken is the float32
// difference of the perturbed coordinates. Each entry is compared with the central, forward and
// backward quotients and the closest counts: a kink (ReLU corner, max-pool switch) within h on one
// side spoils only the quotients that straddle it, while a wrong gradient spoils all three.
function finiteDifferenceError(run, model, x, y0, shape, jac) {
  const n = x.length;
  const batch = new Float32Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    batch.set(x, 2 * j * n);
    batch.set(x, (2 * j + 1) * n);
    batch[2 * j * n + j] = Math.fround(x[j] + FD_STEP);
    batch[(2 * j + 1) * n + j] = Math.fround(x[j] - FD_STEP);
  }
  const y = tf.tidy(() => run(model, tf.tensor(batch, [2 * n, ...shape])).dataSync());
  const m = y.length / (2 * n);
  let maxErr = 0;
  let maxJ = 0;
  for (let j = 0; j < n; j++) {
    const up = batch[2 * j * n + j] - x[j];
    const down = x[j] - batch[(2 * j + 1) * n + j];
    for (let i = 0; i < m; i++) {
      const plus = y[2 * j * m + i];
      const minus = y[(2 * j + 1) * m + i];
      const central = (plus - minus) / (up + down);
      const forwardQ = (plus - y0[i]) / up;
      const backwardQ = (y0[i] - minus) / down;
      const err = Math.min(Math.abs(central - jac[i][j]), Math.abs(forwardQ - jac[i][j]), Math.abs(backwardQ - jac[i][j]));
      maxErr = Math.max(maxErr, err);
      maxJ = Math.max(maxJ, Math.abs(jac[i][j]));
    }
  }
  return {maxErr, maxJ, rel: maxErr / Math.max(maxJ, 1e-30)};
}

// Distance of a sample from the nearest kink of the function: pre-activations at the corners of
// relu/relu6/hard_sigmoid/selu/ReLU/LeakyReLU/PReLU/ThresholdedReLU, and the gap between the two
// largest entries of every max-pooling window. netjac evaluates in float64 where TF.js used float32;
// a margin far above float32 noise makes both take the same branch everywhere.
const ACTIVATION_KINKS = {relu: [0], relu6: [0, 6], hardSigmoid: [-2.5, 2.5], selu: [0]};

function windowGaps(values, shape, pool, strides, same) {
  // values: one sample, [H, W, C] row-major; returns the smallest top-two gap over all windows.
  const [H, W, C] = shape;
  const out = [0, 1].map(a => (same ? Math.ceil(shape[a] / strides[a])
                                     : Math.floor((shape[a] - pool[a]) / strides[a]) + 1));
  const before = [0, 1].map(a => (same
      ? Math.floor(Math.max((out[a] - 1) * strides[a] + pool[a] - shape[a], 0) / 2) : 0));
  let gap = Infinity;
  for (let oh = 0; oh < out[0]; oh++) for (let ow = 0; ow < out[1]; ow++) for (let c = 0; c < C; c++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let ph = 0; ph < pool[0]; ph++) for (let pw = 0; pw < pool[1]; pw++) {
      const h = oh * strides[0] - before[0] + ph;
      const w = ow * strides[1] - before[1] + pw;
      if (h < 0 || h >= H || w < 0 || w >= W) continue;
      const v = values[(h * W + w) * C + c];
      if (v > first) { second = first; first = v; } else if (v > second) second = v;
    }
    // Ties among exact zeros (windows of dead ReLU outputs) are harmless: whichever cell wins, its
    // derivative is zero, and the ReLU corners themselves are checked separately.
    if (second > -Infinity && !(first === 0 && second === 0)) gap = Math.min(gap, first - second);
  }
  return gap;
}

const IDENTITY_ACTIVATION = {apply: t => t, getClassName: () => 'linear'};

function kinkMargin(model, x) {
  let margin = Infinity;
  const near = (t, points) => {
    for (const v of t.dataSync()) for (const p of points) margin = Math.min(margin, Math.abs(v - p));
  };
  const values = new Map([[model.inputs[0].id, x]]);
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer') continue;
    const node = layer.inboundNodes[0];
    const inputs = node.inputTensors.map(t => values.get(t.id));
    const input = inputs[0];
    const activation = layer.activation != null && layer.activation.getClassName
        ? layer.activation.getClassName() : null;
    if (activation in ACTIVATION_KINKS) {
      let pre = input;
      if (cls !== 'Activation') {
        const saved = layer.activation;
        layer.activation = IDENTITY_ACTIVATION;
        pre = patchedLayer(layer, inputs);
        layer.activation = saved;
      }
      near(pre, ACTIVATION_KINKS[activation]);
    }
    if (cls === 'ReLU') near(input, layer.maxValue != null ? [0, layer.maxValue] : [0]);
    if (cls === 'LeakyReLU' || cls === 'PReLU') near(input, [0]);
    if (cls === 'ThresholdedReLU') near(input, [layer.theta]);
    if (cls === 'MaxPooling1D' || cls === 'MaxPooling2D' || cls === 'GlobalMaxPooling1D' || cls === 'GlobalMaxPooling2D') {
      const shape = input.shape.slice(1);
      const grid = shape.length === 2 ? [shape[0], 1, shape[1]] : shape;
      let pool, strides;
      if (cls.startsWith('Global')) {
        pool = [grid[0], grid[1]];
        strides = pool;
      } else {
        pool = cls === 'MaxPooling1D' ? [layer.poolSize[0], 1] : layer.poolSize;
        strides = cls === 'MaxPooling1D' ? [layer.strides[0], 1] : layer.strides;
      }
      margin = Math.min(margin, windowGaps(input.dataSync(), grid, pool, strides, layer.padding === 'same'));
    }
    values.set(node.outputTensors[0].id, patchedLayer(layer, inputs));
  }
  return margin;
}

function drawInput(rng, n) {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  return x;
}

// ---------------------------------------------------------------------------------------------
// The models. Each entry: name, what it covers (README), build() returning an unweighted model,
// and save options. Sequential models keep TF.js's automatic layer names (e.g. dense_Dense3, with
// counters shared by all models of this run), functional ones name their layers.

const L = tf.layers;

// A Keras-style Subtract merge layer. TF.js 4.x has no Subtract (only Add, Multiply, Average,
// Maximum, Minimum, Concatenate, Dot); this custom class serializes as class_name 'Subtract' with
// the same config as Keras's (name, trainable, dtype), as a Keras model converted to TF.js carries.
class Subtract extends tf.layers.Layer {
  computeOutputShape(inputShape) { return inputShape[0]; }
  call(inputs) { return tf.tidy(() => tf.sub(inputs[0], inputs[1])); }
  static get className() { return 'Subtract'; }
}
tf.serialization.registerClass(Subtract);

// Where TF.js cannot run or differentiate what it saves, the model is evaluated node by node with
// the affected layers rebuilt from TF.js ops on the same weights (see patchedLayer). Seven cases in
// TF.js 4.22 (CPU backend): BatchNormalization on a non-last axis computes WRONG outputs (the CPU
// batchNorm kernel indexes mean/variance/gamma/beta by flat index modulo their size, i.e. as if
// they ran along the last axis); tf.grad through BatchNormalization with center=false or
// scale=false throws (a null beta/gamma reaches the batchNorm gradient); tf.grad of a dilated
// convolution throws ("dilation rates greater than 1 are not yet supported in gradients"); causal Conv1D throws NotImplementedError; and the gradient of average
// pooling with 'same' padding divides by the full window size while the forward pass divides by
// the number of real (unpadded) cells, so tf.grad's Jacobian is wrong at padded windows; the
// Softmax layer with a non-last axis throws ("Softmax along a non-last dimension is not yet
// supported"); tf.grad through ThresholdedReLU throws ("gradient function not found for Greater").

// A dilated kernel spread out with zeros into an undilated one: (k-1)*d+1 taps, so 'same' padding
// stays the same and the sums only gain exact zeros.
function spreadKernel(kernel, dilation) {
  if (dilation.every(d => d === 1)) return kernel;
  const spatial = dilation.length;
  const shape = kernel.shape.slice();
  for (let a = 0; a < spatial; a++) shape[a] = (shape[a] - 1) * dilation[a] + 1;
  const src = kernel.arraySync();
  const out = tf.buffer(shape, 'float32');
  const [ci, co] = kernel.shape.slice(spatial);
  const taps = spatial === 1 ? src.map((t, i) => [[i], t]) : src.flatMap((r, i) => r.map((t, j) => [[i, j], t]));
  for (const [pos, block] of taps) {
    const at = pos.map((p, a) => p * dilation[a]);
    for (let c = 0; c < ci; c++) for (let f = 0; f < co; f++) out.set(block[c][f], ...at, c, f);
  }
  return out.toTensor();
}

// Causal as Keras defines it: zero-pad (k-1)*d steps on the left, then 'valid'.
function convByOps(layer, h) {
  const weights = layer.getWeights();
  const kernel = spreadKernel(weights[0], layer.dilationRate);
  let padding = layer.padding;
  if (padding === 'causal') {
    h = tf.pad(h, [[0, 0], [(weights[0].shape[0] - 1) * layer.dilationRate[0], 0], [0, 0]]);
    padding = 'valid';
  }
  let y = layer.rank === 1
      ? tf.conv1d(h, kernel, layer.strides[0], padding, 'NWC', 1)
      : tf.conv2d(h, kernel, layer.strides, padding, 'NHWC', 1);
  if (layer.useBias) y = tf.add(y, weights[1]);
  return layer.activation.apply(y);
}

// TF 'same' average pooling = valid pooling of the zero-padded input divided by the valid pooling
// of a padded ones-mask (the fraction of real cells), padding floor(total/2) before, rest after.
function averagePoolSameByOps(layer, h) {
  const oneD = h.rank === 3;
  const x = oneD ? tf.expandDims(h, 2) : h;
  const pool = oneD ? [layer.poolSize[0], 1] : layer.poolSize;
  const strides = oneD ? [layer.strides[0], 1] : layer.strides;
  const pads = [0, 1].map(a => {
    const size = x.shape[a + 1];
    const total = Math.max((Math.ceil(size / strides[a]) - 1) * strides[a] + pool[a] - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
  const padding = [[0, 0], pads[0], pads[1], [0, 0]];
  const sums = tf.avgPool(tf.pad(x, padding), pool, strides, 'valid');
  const fraction = tf.avgPool(tf.pad(tf.onesLike(x), padding), pool, strides, 'valid');
  const y = tf.div(sums, fraction);
  return oneD ? tf.squeeze(y, [2]) : y;
}

// BatchNormalization in elementwise ops, parameters reshaped to broadcast along the layer's axis.
function batchNormByOps(layer, h) {
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + h.rank;
  const shape = h.shape.map((d, i) => (i === axis ? d : 1));
  const param = v => v.read().reshape(shape);
  let y = tf.div(tf.sub(h, param(layer.movingMean)), tf.sqrt(tf.add(param(layer.movingVariance), layer.epsilon)));
  if (layer.scale) y = tf.mul(y, param(layer.gamma));
  if (layer.center) y = tf.add(y, param(layer.beta));
  return y;
}

// Softmax over a non-last axis: moved to the last axis and back.
function softmaxAxis(layer, rank) {
  const a = Array.isArray(layer.axis) ? layer.axis[0] : layer.axis;
  return a >= 0 ? a : a + rank;
}

function softmaxByOps(layer, h) {
  const axis = softmaxAxis(layer, h.rank);
  const perm = h.shape.map((_, i) => i);
  perm[axis] = h.rank - 1;
  perm[h.rank - 1] = axis;
  return tf.transpose(tf.softmax(tf.transpose(h, perm)), perm);
}

// ThresholdedReLU as TF.js computes it, x * (x > theta), with the mask made from the values so
// that the tape does not meet Greater (which has no gradient in TF.js).
function thresholdedReluByOps(layer, h) {
  const mask = tf.tensor(Array.from(h.dataSync(), v => (v > layer.theta ? 1 : 0)), h.shape, 'float32');
  return tf.mul(h, mask);
}

const patchedNames = new Set(); // layers patchedLayer rebuilt from ops, reported in expected.json

function patchedLayer(layer, inputs) {
  const y = patchedLayerOrNull(layer, inputs);
  if (y == null) return layer.apply(inputs.length === 1 ? inputs[0] : inputs);
  patchedNames.add(layer.name);
  return y;
}

function patchedLayerOrNull(layer, inputs) {
  const cls = layer.getClassName();
  if (cls === 'ThresholdedReLU') return thresholdedReluByOps(layer, inputs[0]);
  if (cls === 'Softmax' && softmaxAxis(layer, inputs[0].rank) !== inputs[0].rank - 1) return softmaxByOps(layer, inputs[0]);
  if (cls === 'BatchNormalization'
      && (!layer.center || !layer.scale || (layer.axis !== -1 && layer.axis !== inputs[0].rank - 1))) {
    return batchNormByOps(layer, inputs[0]);
  }
  if ((cls === 'Conv1D' || cls === 'Conv2D')
      && (layer.padding === 'causal' || layer.dilationRate.some(d => d !== 1))) {
    return convByOps(layer, inputs[0]);
  }
  if ((cls === 'AveragePooling1D' || cls === 'AveragePooling2D') && layer.padding === 'same') {
    return averagePoolSameByOps(layer, inputs[0]);
  }
  return null;
}

// Walks the model's graph (model.layers is in topological order; each layer here has one node).
function applyPatched(model, x) {
  const values = new Map([[model.inputs[0].id, x]]);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const node = layer.inboundNodes[0];
    const inputs = node.inputTensors.map(t => values.get(t.id));
    values.set(node.outputTensors[0].id, patchedLayer(layer, inputs));
  }
  return values.get(model.outputs[0].id);
}

function functional(name, inputShape, body) {
  const input = tf.input({shape: inputShape, name: 'input'});
  const output = body(input);
  return tf.model({inputs: input, outputs: output, name});
}

const MODELS = [
  {
    name: 'mlp_basic',
    covers: 'Sequential Dense chain: relu, tanh, softmax (the simplest fixture)',
    build: () => tf.sequential({layers: [
      L.dense({units: 8, activation: 'relu', inputShape: [5]}),
      L.dense({units: 6, activation: 'tanh'}),
      L.dense({units: 3, activation: 'softmax'}),
    ]}),
  },
  {
    name: 'dense_activations',
    covers: 'Dense with every TF.js activation, one 3-unit branch each (linear, relu, relu6, elu, selu, '
        + 'sigmoid, hard_sigmoid, tanh, softplus, softsign, swish, mish, gelu, softmax), '
        + 'Concatenate of 14 inputs; output block k = branch k in this order',
    build: () => functional('dense_activations', [6], x => {
      const acts = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh',
                    'softplus', 'softsign', 'swish', 'mish', 'gelu', 'softmax'];
      const branches = acts.map(a => L.dense({units: 3, activation: a, name: 'dense_' + a}).apply(x));
      return L.concatenate({name: 'concat'}).apply(branches);
    }),
  },
  {
    name: 'dense_rank3',
    covers: 'Dense on rank-3 and rank-2 inputs (last axis), Reshape with -1 (TF.js writes target_shape '
        + '[null, 8]), Reshape to rank 1, Activation(sigmoid)',
    build: () => tf.sequential({layers: [
      L.dense({units: 6, activation: 'elu', inputShape: [3, 4, 5]}),
      L.reshape({targetShape: [-1, 8]}),
      L.dense({units: 3}),
      L.reshape({targetShape: [27]}),
      L.dense({units: 5}),
      L.activation({activation: 'sigmoid'}),
    ]}),
  },
  {
    name: 'conv1d_paddings',
    covers: 'Conv1D valid (tanh), same with even kernel (asymmetric pad 1/2), same with stride 2 '
        + '(pad 0/1), valid with dilation 3 and no bias (relu), Flatten, Dense',
    build: () => tf.sequential({layers: [
      L.conv1d({filters: 5, kernelSize: 3, padding: 'valid', activation: 'tanh', inputShape: [16, 3]}),
      L.conv1d({filters: 4, kernelSize: 4, padding: 'same'}),
      L.conv1d({filters: 4, kernelSize: 3, strides: 2, padding: 'same'}),
      L.conv1d({filters: 3, kernelSize: 2, padding: 'valid', dilationRate: 3, useBias: false, activation: 'relu'}),
      L.flatten(),
      L.dense({units: 4}),
    ]}),
  },
  {
    name: 'conv1d_causal',
    covers: 'Conv1D causal (relu), Conv1D causal with dilation 3 and no bias (tanh), Dense on the '
        + 'rank-2 result. TF.js 4.22 saves causal Conv1D but cannot run it (NotImplementedError) and its '
        + 'shape inference treats causal as valid, so no Flatten (the Keras output is [12, 2], TF.js would '
        + 'claim [7, 2]); expected values come from TF.js ops on the same weights: left zero-pad '
        + '(k-1)*d steps, then a valid conv',
    run: applyPatched,
    build: () => tf.sequential({layers: [
      L.conv1d({filters: 4, kernelSize: 3, padding: 'causal', activation: 'relu', inputShape: [12, 3]}),
      L.conv1d({filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 3, useBias: false, activation: 'tanh'}),
      L.dense({units: 2}),
    ]}),
  },
  {
    name: 'conv1d_pooling',
    covers: 'Conv1D same with dilation 2 (elu), MaxPooling1D (2), Conv1D valid stride 2, '
        + 'AveragePooling1D valid (pool 2 stride 1) and same (pool 3 stride 2, padded window), '
        + 'MaxPooling1D same (pool 3 stride 2), Flatten, Dense',
    build: () => tf.sequential({layers: [
      L.conv1d({filters: 4, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'elu', inputShape: [24, 2]}),
      L.maxPooling1d({poolSize: 2}),
      L.conv1d({filters: 5, kernelSize: 3, strides: 2, padding: 'valid', activation: 'tanh'}),
      L.averagePooling1d({poolSize: 2, strides: 1, padding: 'valid'}),
      L.maxPooling1d({poolSize: 3, strides: 2, padding: 'same'}),
      L.averagePooling1d({poolSize: 3, strides: 2, padding: 'same'}),
      L.flatten(),
      L.dense({units: 3}),
    ]}),
  },
  {
    name: 'conv2d_paddings',
    covers: 'Conv2D valid (relu), same with even/odd kernel [4,3] and stride 2 (asymmetric pad '
        + 'H 1/2, W 0/1), same with non-square strides [1,2] and no bias, Flatten, Dense(softsign)',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu', inputShape: [9, 8, 1]}),
      L.conv2d({filters: 3, kernelSize: [4, 3], strides: 2, padding: 'same'}),
      L.conv2d({filters: 2, kernelSize: 2, strides: [1, 2], padding: 'same', useBias: false, activation: 'tanh'}),
      L.flatten(),
      L.dense({units: 5, activation: 'softsign'}),
    ]}),
  },
  {
    name: 'conv2d_dilation',
    covers: 'Conv2D valid with dilation 2 and no bias (tanh), same with dilation [2,1] and even kernel, '
        + 'valid with kernel [3,2] stride [1,2], Flatten, Dense',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 3, kernelSize: 3, dilationRate: 2, padding: 'valid', useBias: false,
                activation: 'tanh', inputShape: [7, 7, 2]}),
      L.conv2d({filters: 4, kernelSize: 2, dilationRate: [2, 1], padding: 'same', activation: 'selu'}),
      L.conv2d({filters: 2, kernelSize: [3, 2], strides: [1, 2], padding: 'valid'}),
      L.flatten(),
      L.dense({units: 4}),
    ]}),
  },
  {
    name: 'pooling2d',
    covers: 'MaxPooling2D valid (2x2), MaxPooling2D same (3x3 stride 2, padded windows), '
        + 'AveragePooling2D same (2x2 stride 2, partial last row), AveragePooling2D valid (pool [3,2] '
        + 'strides [2,1]), straight on the input, each Flattened, Concatenate (last axis)',
    build: () => functional('pooling2d', [7, 6, 2], x => {
      const a = L.maxPooling2d({poolSize: 2, padding: 'valid', name: 'max_valid'}).apply(x);
      const b = L.maxPooling2d({poolSize: 3, strides: 2, padding: 'same', name: 'max_same'}).apply(x);
      const c = L.averagePooling2d({poolSize: 2, strides: 2, padding: 'same', name: 'avg_same'}).apply(x);
      const d = L.averagePooling2d({poolSize: [3, 2], strides: [2, 1], padding: 'valid', name: 'avg_valid'}).apply(x);
      const flat = [a, b, c, d].map((t, i) => L.flatten({name: 'flatten_' + i}).apply(t));
      return L.concatenate({name: 'concat'}).apply(flat);
    }),
  },
  {
    name: 'global_pooling',
    covers: 'Dense(tanh) on rank-3 input, GlobalAveragePooling2D, GlobalMaxPooling2D, Reshape to rank 2, '
        + 'GlobalAveragePooling1D, GlobalMaxPooling1D, Concatenate',
    build: () => functional('global_pooling', [5, 6, 3], x => {
      const h = L.dense({units: 4, activation: 'tanh', name: 'mix'}).apply(x);
      const gap2 = L.globalAveragePooling2d({name: 'gap2d'}).apply(h);
      const gmp2 = L.globalMaxPooling2d({name: 'gmp2d'}).apply(h);
      const seq = L.reshape({targetShape: [30, 4], name: 'to_sequence'}).apply(h);
      const gap1 = L.globalAveragePooling1d({name: 'gap1d'}).apply(seq);
      const gmp1 = L.globalMaxPooling1d({name: 'gmp1d'}).apply(seq);
      return L.concatenate({name: 'concat'}).apply([gap2, gmp2, gap1, gmp1]);
    }),
  },
  {
    name: 'batchnorm',
    covers: 'Conv2D same -> BatchNormalization -> Activation(relu); Conv2D valid no bias -> '
        + 'BatchNormalization(center=false) ; Flatten; Dense -> BatchNormalization(scale=false, '
        + 'epsilon=0.01) -> Activation(softplus); Dense. Non-trivial moving stats, gamma, beta',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 4, kernelSize: 3, padding: 'same', inputShape: [6, 6, 2]}),
      L.batchNormalization(),
      L.activation({activation: 'relu'}),
      L.conv2d({filters: 3, kernelSize: 3, padding: 'valid', useBias: false}),
      L.batchNormalization({center: false}),
      L.flatten(),
      L.dense({units: 6}),
      L.batchNormalization({scale: false, epsilon: 0.01}),
      L.activation({activation: 'softplus'}),
      L.dense({units: 2}),
    ]}),
  },
  {
    name: 'normalization_axes',
    run: applyPatched, // TF.js's own forward pass is wrong for BatchNormalization(axis=1)
    covers: 'BatchNormalization(axis=1: a non-last axis; expected values from elementwise TF.js ops, as '
        + 'TF.js CPU computes this layer wrongly), LayerNormalization (axis -1), '
        + 'LayerNormalization(axis=[1,2]: two axes, gamma/beta shaped [4,6]), Dense on rank 2, Flatten',
    build: () => tf.sequential({layers: [
      L.batchNormalization({axis: 1, inputShape: [4, 6]}),
      L.layerNormalization(),
      L.dense({units: 6, activation: 'tanh'}),
      L.layerNormalization({axis: [1, 2], epsilon: 0.01}),
      L.flatten(),
      L.dense({units: 3}),
    ]}),
  },
  {
    name: 'activation_layers',
    covers: 'On a rank-2 tensor [2,3], one branch each: Activation(linear, relu, relu6, elu, selu, sigmoid, '
        + 'hard_sigmoid, tanh, softplus, softsign, swish, mish, gelu, softmax), ReLU, '
        + 'ReLU(max_value 0.7), LeakyReLU(0.2), ELU (alpha 1: TF.js rejects others), ThresholdedReLU(0.2), Softmax (axis -1), '
        + 'PReLU, PReLU(shared_axes [2]); Concatenate on the last axis',
    build: () => functional('activation_layers', [2, 4], x => {
      const h = L.dense({units: 3, name: 'pre'}).apply(x);
      const acts = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh',
                    'softplus', 'softsign', 'swish', 'mish', 'gelu', 'softmax'];
      const branches = acts.map(a => L.activation({activation: a, name: 'act_' + a}).apply(h));
      branches.push(L.reLU({name: 'relu_layer'}).apply(h));
      branches.push(L.reLU({maxValue: 0.7, name: 'relu_max'}).apply(h));
      branches.push(L.leakyReLU({alpha: 0.2, name: 'leaky'}).apply(h));
      branches.push(L.elu({name: 'elu_layer'}).apply(h)); // TF.js's ELU layer only takes alpha 1
      branches.push(L.thresholdedReLU({theta: 0.2, name: 'thresholded'}).apply(h));
      branches.push(L.softmax({axis: -1, name: 'softmax_last'}).apply(h)); // TF.js's default axis is 1
      branches.push(L.prelu({name: 'prelu'}).apply(h));
      branches.push(L.prelu({sharedAxes: [2], name: 'prelu_shared'}).apply(h));
      return L.concatenate({name: 'concat'}).apply(branches);
    }),
  },
  {
    name: 'softmax_axis',
    covers: 'Softmax(axis=1: across the rows of a [3,4] tensor, not the last axis) after a Dense on rank 2. '
        + 'TF.js saves it but its softmax op rejects a non-last axis, so expected values come from TF.js '
        + 'ops: transpose, softmax, transpose back',
    run: applyPatched,
    build: () => functional('softmax_axis', [3, 4], x => {
      const h = L.dense({units: 4, name: 'pre'}).apply(x);
      return L.softmax({axis: 1, name: 'softmax_rows'}).apply(h);
    }),
  },
  {
    name: 'activation_chain',
    covers: 'Sequential chain of standalone activation layers between Dense layers: LeakyReLU, ELU, '
        + 'ReLU(max_value), ThresholdedReLU, ReLU, Softmax (TF.js default axis: written as 1, the last '
        + 'axis of this rank-1 input)',
    build: () => tf.sequential({layers: [
      L.dense({units: 10, inputShape: [8]}),
      L.leakyReLU({alpha: 0.15}),
      L.dense({units: 10}),
      L.elu(), // TF.js's ELU layer throws NotImplementedError for alpha != 1
      L.dense({units: 10}),
      L.reLU({maxValue: 0.9}),
      L.dense({units: 10}),
      L.thresholdedReLU({theta: 0.25}),
      L.dense({units: 8}),
      L.reLU(),
      L.dense({units: 5}),
      L.softmax(),
    ]}),
  },
  {
    name: 'prelu_conv',
    covers: 'Conv2D same -> PReLU(shared_axes [1,2]: one alpha per channel, alpha shape [1,1,4]); '
        + 'Conv2D valid -> PReLU (unshared, alpha shape [4,4,3]); GlobalAveragePooling2D; Dense',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 4, kernelSize: 3, padding: 'same', inputShape: [5, 5, 2]}),
      L.prelu({sharedAxes: [1, 2]}),
      L.conv2d({filters: 3, kernelSize: 2, padding: 'valid'}),
      L.prelu(),
      L.globalAveragePooling2d({}),
      L.dense({units: 2}),
    ]}),
  },
  {
    name: 'merges',
    covers: 'Add of 3 inputs, Add of 2, Multiply of 2 and of 3, Concatenate of rank-1 tensors, '
        + 'Dense branches with tanh/sigmoid/linear',
    build: () => functional('merges', [8], x => {
      const a = L.dense({units: 6, activation: 'tanh', name: 'a'}).apply(x);
      const b = L.dense({units: 6, activation: 'sigmoid', name: 'b'}).apply(x);
      const c = L.dense({units: 6, name: 'c'}).apply(x);
      const add3 = L.add({name: 'add3'}).apply([a, b, c]);
      const add2 = L.add({name: 'add2'}).apply([a, c]);
      const mul2 = L.multiply({name: 'mul2'}).apply([a, b]);
      const mul3 = L.multiply({name: 'mul3'}).apply([a, b, c]);
      const cat = L.concatenate({name: 'concat'}).apply([add3, add2, mul2, mul3]);
      return L.dense({units: 5, name: 'head'}).apply(cat);
    }),
  },
  {
    name: 'subtract_custom',
    covers: 'Subtract: NOT a TF.js built-in; a custom layer registered as class_name "Subtract" with '
        + 'Keras\'s config, as a Keras model with Subtract would be named. Dense branches, Subtract, Dense',
    build: () => functional('subtract_custom', [6], x => {
      const a = L.dense({units: 5, activation: 'tanh', name: 'a'}).apply(x);
      const b = L.dense({units: 5, name: 'b'}).apply(x);
      const d = new Subtract({name: 'subtract'}).apply([a, b]);
      return L.dense({units: 3, name: 'head'}).apply(d);
    }),
  },
  {
    name: 'concat_axes',
    covers: 'Concatenate on the last axis (channels), on axis 1 (rows, H) and on axis 2 (columns, W) '
        + 'of rank-3 tensors; Conv2D 1x1 and 2x2 same, MaxPooling2D [2,1], Flatten, Concatenate',
    build: () => functional('concat_axes', [4, 3, 2], x => {
      const a = L.conv2d({filters: 2, kernelSize: 1, name: 'conv_a'}).apply(x);
      const b = L.conv2d({filters: 3, kernelSize: 2, padding: 'same', activation: 'tanh', name: 'conv_b'}).apply(x);
      const channels = L.concatenate({axis: -1, name: 'cat_channels'}).apply([a, b]);
      const e = L.maxPooling2d({poolSize: [2, 1], name: 'pool_rows'}).apply(a);
      const rows = L.concatenate({axis: 1, name: 'cat_rows'}).apply([a, e]);
      const cols = L.concatenate({axis: 2, name: 'cat_cols'}).apply([a, x]);
      const flat = [channels, rows, cols].map((t, i) => L.flatten({name: 'flatten_' + i}).apply(t));
      return L.concatenate({name: 'concat'}).apply(flat);
    }),
  },
  {
    name: 'residual_block',
    covers: 'Two residual blocks: Conv2D same -> BatchNormalization -> ReLU -> Conv2D same -> '
        + 'BatchNormalization, + skip (1x1 Conv2D projection, no bias; then identity) via Add, '
        + 'Activation(relu), Dropout; GlobalAveragePooling2D; Dense(softmax)',
    build: () => functional('residual_block', [6, 6, 3], x => {
      let h = L.conv2d({filters: 4, kernelSize: 3, padding: 'same', name: 'b1_conv1'}).apply(x);
      h = L.batchNormalization({name: 'b1_bn1'}).apply(h);
      h = L.reLU({name: 'b1_relu1'}).apply(h);
      h = L.conv2d({filters: 4, kernelSize: 3, padding: 'same', name: 'b1_conv2'}).apply(h);
      h = L.batchNormalization({name: 'b1_bn2'}).apply(h);
      const skip = L.conv2d({filters: 4, kernelSize: 1, useBias: false, name: 'b1_project'}).apply(x);
      let out = L.add({name: 'b1_add'}).apply([h, skip]);
      out = L.activation({activation: 'relu', name: 'b1_out'}).apply(out);
      h = L.conv2d({filters: 4, kernelSize: 3, padding: 'same', name: 'b2_conv1'}).apply(out);
      h = L.batchNormalization({name: 'b2_bn1'}).apply(h);
      h = L.reLU({name: 'b2_relu1'}).apply(h);
      h = L.dropout({rate: 0.25, name: 'b2_dropout'}).apply(h);
      h = L.conv2d({filters: 4, kernelSize: 3, padding: 'same', name: 'b2_conv2'}).apply(h);
      h = L.batchNormalization({name: 'b2_bn2'}).apply(h);
      out = L.add({name: 'b2_add'}).apply([h, out]);
      out = L.activation({activation: 'relu', name: 'b2_out'}).apply(out);
      const pooled = L.globalAveragePooling2d({name: 'gap'}).apply(out);
      return L.dense({units: 3, activation: 'softmax', name: 'head'}).apply(pooled);
    }),
  },
  {
    name: 'inference_noops',
    covers: 'Inference no-ops: Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout, '
        + 'Activation(linear); Dense, Reshape, Flatten',
    build: () => tf.sequential({layers: [
      L.dense({units: 12, activation: 'tanh', inputShape: [10]}),
      L.dropout({rate: 0.5}),
      L.reshape({targetShape: [3, 4]}),
      L.spatialDropout1d({rate: 0.3}),
      L.gaussianNoise({stddev: 0.2}),
      L.gaussianDropout({rate: 0.2}),
      L.alphaDropout({rate: 0.2}),
      L.activation({activation: 'linear'}),
      L.flatten(),
      L.dense({units: 3}),
    ]}),
  },
  {
    name: 'mnist_classifier',
    covers: 'The classifier: 28x28x1 -> Conv2D(8,3x3,relu) -> MaxPooling2D -> Conv2D(16,3x3,relu) -> '
        + 'MaxPooling2D -> Flatten -> Dense(10, softmax)',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
      L.maxPooling2d({poolSize: 2}),
      L.conv2d({filters: 16, kernelSize: 3, activation: 'relu'}),
      L.maxPooling2d({poolSize: 2}),
      L.flatten(),
      L.dense({units: 10, activation: 'softmax'}),
    ]}),
  },
  {
    name: 'sharded_weights',
    covers: 'Weights split into 3 shard files (group1-shard{1,2,3}of3.bin) at a byte size that is not a '
        + 'multiple of 4 (boundaries cut through weights and through single floats); Dense(relu), '
        + 'BatchNormalization, Dense(tanh), Dense',
    save: {shards: 3},
    build: () => tf.sequential({layers: [
      L.dense({units: 16, activation: 'relu', inputShape: [10]}),
      L.batchNormalization(),
      L.dense({units: 12, activation: 'tanh'}),
      L.dense({units: 4}),
    ]}),
  },
  {
    name: 'float16_weights',
    covers: 'float16-quantized weights as tensorflowjs_converter --quantize_float16 writes them (manifest '
        + 'dtype float32 + quantization {dtype: float16}, data as IEEE half); Conv2D(relu), '
        + 'BatchNormalization, Flatten, Dense(softmax). Expected values use the half-rounded weights',
    save: {float16: true},
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1]}),
      L.batchNormalization(),
      L.flatten(),
      L.dense({units: 3, activation: 'softmax'}),
    ]}),
  },
  {
    name: 'unsupported_zero_padding',
    covers: 'For the importer\'s error path: ZeroPadding2D (not in netjac), then Conv2D, Flatten, Dense',
    build: () => tf.sequential({layers: [
      L.zeroPadding2d({padding: [[1, 0], [0, 2]], inputShape: [4, 4, 2]}),
      L.conv2d({filters: 2, kernelSize: 3}),
      L.flatten(),
      L.dense({units: 2}),
    ]}),
  },
  {
    name: 'unsupported_channels_first',
    covers: 'For the importer\'s error path: Conv2D with data_format channels_first (input [C,H,W] = '
        + '[2,5,5]), Flatten, Dense',
    build: () => tf.sequential({layers: [
      L.conv2d({filters: 3, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [2, 5, 5]}),
      L.flatten(),
      L.dense({units: 2}),
    ]}),
  },
];

// ---------------------------------------------------------------------------------------------
// expected.json: numbers are the float32 values TF.js produced, printed as the shortest decimal
// that reads back as the same double (so every value is exactly a float32). One Jacobian row per line.

function num(v) {
  if (!Number.isFinite(v)) throw new Error('non-finite value ' + v);
  return Object.is(v, -0) ? '0' : String(v);
}

function vec(a) {
  return '[' + Array.from(a, num).join(', ') + ']';
}

function writeExpected(file, e) {
  const lines = [];
  lines.push('{');
  lines.push(`  "comment": ${JSON.stringify(e.comment)},`);
  lines.push(`  "model": ${JSON.stringify(e.model)},`);
  lines.push(`  "tfjs_version": ${JSON.stringify(e.tfjs_version)},`);
  lines.push(`  "backend": ${JSON.stringify(e.backend)},`);
  lines.push(`  "dtype": "float32",`);
  lines.push(`  "input_shape": ${JSON.stringify(e.input_shape)},`);
  lines.push(`  "output_shape": ${JSON.stringify(e.output_shape)},`);
  lines.push(`  "input_size": ${e.input_size},`);
  lines.push(`  "output_size": ${e.output_size},`);
  lines.push(`  "outputs_from": ${JSON.stringify(e.outputs_from)},`);
  lines.push(`  "jacobian_ops_layers": ${JSON.stringify(e.jacobian_ops_layers)},`);
  lines.push(`  "checks": ${JSON.stringify(e.checks)},`);
  lines.push('  "samples": [');
  e.samples.forEach((s, k) => {
    lines.push('    {');
    lines.push(`      "input": ${vec(s.input)},`);
    lines.push(`      "output": ${vec(s.output)},`);
    lines.push('      "jacobian": [');
    s.jacobian.forEach((row, i) => lines.push(`        ${vec(row)}${i + 1 < s.jacobian.length ? ',' : ''}`));
    lines.push('      ]');
    lines.push(`    }${k + 1 < e.samples.length ? ',' : ''}`);
  });
  lines.push('  ]');
  lines.push('}');
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const COMMENT = 'Reference values computed by TensorFlow.js (pure JS, CPU backend) in float32 and stored as '
    + 'the float64 values of those float32 numbers; compare with a float32-appropriate tolerance. '
    + 'Shapes exclude the batch dimension. input/output are flattened in C order (row-major, '
    + 'channels_last: index = ((h*W)+w)*C+c). jacobian[i][j] = d output[i] / d input[j] '
    + '(output_size rows of input_size entries), one tf.grad per output entry, inference mode. '
    + 'Generated by samples/tfjs-fixtures/make_fixtures.js.';

// ---------------------------------------------------------------------------------------------

function layerSummary(topology) {
  const cfg = topology.config;
  const layers = Array.isArray(cfg) ? cfg : cfg.layers;
  return layers.map(l => l.class_name).filter(c => c !== 'InputLayer');
}

async function makeFixture(spec) {
  const model = spec.build();
  const save = spec.save || {};
  setDeterministicWeights(model, spec.name, {float16: !!save.float16});
  const dir = path.join(OUT_DIR, spec.name);
  const written = await saveModel(model, dir, save);

  const run = spec.run || predictRun;
  const gradRun = applyPatched;
  const inputShape = model.inputs[0].shape.slice(1);
  // Taken from an evaluation, not from model.outputs: TF.js infers causal Conv1D shapes wrongly.
  const outputShape = tf.tidy(() => run(model, tf.zeros([1, ...inputShape])).shape.slice(1));
  const n = inputShape.reduce((a, b) => a * b, 1);
  const m = outputShape.reduce((a, b) => a * b, 1);

  const reloaded = await loadFromDisk(dir);
  patchedNames.clear();
  const rng = makeRng(hashString('inputs:' + spec.name));
  const samples = [];
  let worst = 0;
  let rejected = 0;
  let nearKink = 0;
  let smallestMargin = Infinity;
  for (let draw = 0; samples.length < SAMPLES; draw++) {
    if (draw >= MAX_DRAWS) throw new Error(`${spec.name}: no kink-free inputs after ${MAX_DRAWS} draws`);
    const x = drawInput(rng, n);
    const y = forward(run, model, x, inputShape);
    const margin = tf.tidy(() => kinkMargin(model, batchOf(x, inputShape)));
    if (margin < MIN_KINK_MARGIN) {
      if (process.env.FD_DEBUG) console.log(`  draw ${draw}: kink margin ${margin.toExponential(2)}`);
      nearKink++;
      continue;
    }
    const jac = jacobian(gradRun, model, x, inputShape, m);
    const fd = finiteDifferenceError(run, model, x, y, inputShape, jac);
    if (process.env.FD_DEBUG) console.log(`  draw ${draw}: margin ${margin.toExponential(2)} fd rel ${fd.rel.toExponential(2)} (max err ${fd.maxErr.toExponential(2)}, max entry ${fd.maxJ.toExponential(2)})`);
    if (!(fd.rel <= FD_TOLERANCE)) {
      rejected++;
      continue;
    }
    smallestMargin = Math.min(smallestMargin, margin);
    worst = Math.max(worst, fd.rel);
    // The saved files must reproduce the in-memory model bit for bit, through TF.js's own loader.
    const yReloaded = forward(run, reloaded, x, inputShape);
    for (let i = 0; i < m; i++) {
      if (y[i] !== yReloaded[i]) throw new Error(`${spec.name}: reloaded model differs at output ${i}`);
    }
    // What the gradients differentiate must compute what predict() computes (inference mode in
    // both; patched layers may differ in the last bit: an average is a division there).
    const yPatched = forward(gradRun, model, x, inputShape);
    const scale = Math.max(...y.map(Math.abs));
    for (let i = 0; i < m; i++) {
      if (Math.abs(y[i] - yPatched[i]) > 1e-6 * scale) {
        throw new Error(`${spec.name}: patched graph gives ${yPatched[i]}, predict ${y[i]} at output ${i}`);
      }
    }
    samples.push({input: Array.from(x), output: y, jacobian: jac});
  }
  reloaded.dispose();

  writeExpected(path.join(dir, 'expected.json'), {
    comment: COMMENT,
    model: spec.name,
    tfjs_version: TFJS_VERSION,
    backend: tf.getBackend(),
    input_shape: inputShape,
    output_shape: outputShape,
    input_size: n,
    output_size: m,
    outputs_from: run === predictRun ? 'model.predict' : 'TF.js ops (see jacobian_ops_layers)',
    jacobian_ops_layers: [...patchedNames].sort(),
    checks: {min_kink_margin: MIN_KINK_MARGIN, smallest_margin: Number(smallestMargin.toPrecision(3)),
             draws_near_a_kink: nearKink, fd_step: FD_STEP,
             fd_max_error_relative_to_max_entry: Number(worst.toPrecision(3)), draws_failing_fd: rejected},
    samples,
  });
  const topology = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')).modelTopology;
  model.dispose();
  const bytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  console.log(`${spec.name.padEnd(28)} in ${JSON.stringify(inputShape).padEnd(10)} out ${JSON.stringify(outputShape).padEnd(8)}`
      + ` weights ${String(written.specs.length).padStart(2)} in ${written.paths.length} file(s)`
      + `  margin ${smallestMargin.toExponential(1)} (${nearKink} near kinks)`
      + `  fd max rel err ${worst.toExponential(2)} (${rejected} failed)  ${(bytes / 1024).toFixed(0)} KiB`);
  return {spec, inputShape, outputShape, classes: layerSummary(topology), written};
}

function writeReadme(results) {
  const rows = results.map(r => `| \`${r.spec.name}\` | ${JSON.stringify(r.inputShape)} | `
      + `${JSON.stringify(r.outputShape)} | ${[...new Set(r.classes)].join(', ')} | ${r.spec.covers} |`);
  const text = `# TF.js layers-model fixtures

Generated by the real tool: \`samples/tfjs-fixtures/make_fixtures.js\` builds each model with
\`@tensorflow/tfjs\` ${TFJS_VERSION} (pure JS, CPU backend), sets its weights from a seeded PRNG, saves it
with \`model.save\` (a custom handler writes the artifacts in the layout of the official writers), and
records TF.js's outputs and Jacobians for ${SAMPLES} seeded inputs. Do not edit by hand; to regenerate:

    cd samples/tfjs-fixtures && npm ci && node make_fixtures.js

The run is deterministic (rerunning rewrites identical bytes).

## Files per model

- \`model.json\`: \`{modelTopology, weightsManifest, format: "layers-model", generatedBy, convertedBy}\`.
  \`modelTopology\` is \`{class_name: "Sequential"|"Model", config, keras_version: "tfjs-layers ${TFJS_VERSION}",
  backend: "tensor_flow.js"}\` exactly as \`model.save\` produced it.
  \`weightsManifest\` is \`[{paths: [...], weights: [{name, shape, dtype}]}]\` in \`model.save\`'s order:
  all trainable weights first (layer order), then all non-trainable ones (BatchNormalization
  \`moving_mean\`/\`moving_variance\`) at the end. Match weights by name, never by position.
- \`group1-shard1of1.bin\` (or \`group1-shardKofN.bin\`): the weights' little-endian bytes concatenated in
  manifest order, then cut into shards; concatenate the shards in \`paths\` order before slicing.
- \`expected.json\`: TF.js's float32 results:

\`\`\`
{ "comment": "...", "model": "<name>", "tfjs_version": "${TFJS_VERSION}", "backend": "cpu", "dtype": "float32",
  "input_shape": [..no batch..], "output_shape": [..no batch..], "input_size": N, "output_size": M,
  "outputs_from": "model.predict" | "TF.js ops (see jacobian_ops_layers)",
  "jacobian_ops_layers": [names of layers differentiated through rebuilt TF.js ops, see below],
  "checks": {"min_kink_margin": 1e-4, "smallest_margin": .., "draws_near_a_kink": .., "fd_step": h,
             "fd_max_error_relative_to_max_entry": e, "draws_failing_fd": k},
  "samples": [ {"input": [N numbers], "output": [M numbers], "jacobian": [M rows of N numbers]}, x3 ] }
\`\`\`

  Inputs/outputs are flattened in C order, channels_last (\`[H, W, C]\`), \`jacobian[i][j] = d y_i / d x_j\`.
  Numbers are float32 values written as the shortest decimal of the equal double. Compare with a
  float32 tolerance (e.g. 1e-4 relative to the largest entry): TF.js accumulates in float32.
  Every sample lies at least ${MIN_KINK_MARGIN} from every kink (pre-activations vs ReLU-type corners and
  thresholds, top-two gaps of max-pooling windows), so a float64 evaluation takes the same branches
  as TF.js did; closer draws were replaced. Each Jacobian also passed a finite-difference check in
  float32 (step ${FD_STEP}, best of central/forward/backward quotient per entry, tolerance ${FD_TOLERANCE}
  relative to the largest entry); \`checks\` in expected.json records the numbers.

## Models

| model | input | output | classes in model.json | covers |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

## Where TF.js itself falls short (TF.js 4.22, CPU backend)

Jacobians are \`tf.grad\` of each output entry through the model's graph walked node by node; the
layers below are rebuilt there from TF.js ops on the same weights (listed per model in
\`jacobian_ops_layers\`; the walk reproduces \`model.predict\` to 1e-6 wherever predict works):

- causal Conv1D: saved but not runnable (NotImplementedError); TF.js's shape inference also treats it
  as valid, so nothing shape-dependent may follow it (outputs from ops: left zero-pad (k-1)*d, valid);
- BatchNormalization on a non-last axis: TF.js's CPU forward is WRONG (parameters indexed by flat
  index modulo size); outputs from elementwise ops;
- Softmax layer on a non-last axis: throws; outputs from transpose/softmax/transpose;
- tf.grad throws for dilated Conv1D/Conv2D (kernel spread with zeros instead), BatchNormalization with
  center or scale false (elementwise ops), ThresholdedReLU (mask from the values);
- tf.grad is silently wrong for AveragePooling1D/2D with same padding at padded windows (divides by
  the window size; the forward pass divides by the real cells): rebuilt as padded valid pooling
  divided by the pooled ones-mask.

## model.json quirks an importer must handle (all seen in these files)

- \`modelTopology.backend\` is \`"tensor_flow.js"\`, \`keras_version\` \`"tfjs-layers ${TFJS_VERSION}"\`;
  class_name \`Sequential\` (config \`{name, layers}\`, first layer carries \`batch_input_shape\`) or
  \`Model\` (config \`{name, layers: [{name, class_name, config, inbound_nodes: [[[layer, 0, 0, {}], ...]]}],
  input_layers: [[name, 0, 0]], output_layers: [[name, 0, 0]]}\`, with an \`InputLayer\`).
- Automatic names are \`<snake_class>_<Class><n>\` with counters shared by all models built in one
  process (\`dense_Dense12\`, \`batch_normalization_BatchNormalization4\`); weights are
  \`<layer name>/kernel|bias|gamma|beta|moving_mean|moving_variance|alpha\`.
- Activations are snake_case Keras names: \`linear, relu, relu6, elu, selu, sigmoid, hard_sigmoid,
  tanh, softplus, softsign, swish, mish, gelu, softmax\`. TF.js's hard_sigmoid is
  clip(0.2x+0.5, 0, 1) (Keras 2's, not Keras 3's relu6(x+3)/6); gelu is the exact erf form; swish is
  x*sigmoid(x). \`gelu_new\` is written but TF.js cannot load it back (looks for \`geluNew\`), so it is
  not covered.
- Axes count the batch dimension. LayerNormalization writes its axes as a list of POSITIVE axes
  (default -1 on a rank-3 input is written \`[2]\`); BatchNormalization, Concatenate and Softmax keep
  the sign given (\`-1\`, \`1\`); the Softmax LAYER's default axis is \`1\`, not -1.
- Reshape writes -1 as \`null\` in \`target_shape\` (e.g. \`[null, 8]\`).
- ReLU writes \`max_value: null\` when unset (TF.js's ReLU has no negative_slope/threshold);
  PReLU writes \`shared_axes: null\` or a list (batch-counting); ELU only takes alpha 1 in TF.js.
- Conv1D and 1D pooling/global-1D pooling configs have no \`data_format\`; 1D pooling writes
  \`pool_size\`/\`strides\` as one-element lists; kernel_size/strides/dilation_rate are always lists.
- A model without weights (\`pooling2d\`) has one empty shard file and \`weights: []\`.

## Notes

- TF.js has no \`Subtract\` layer; \`subtract_custom\` registers a custom class serialized as
  \`Subtract\` (Keras's name and config), so its model.json only loads in TF.js with that class registered.
- \`sharded_weights\` and \`float16_weights\` use the converter's weight layout on TF.js's own topology
  (the real converter rewrites the topology through Python Keras); their \`convertedBy\` says so.
- \`unsupported_*\` are real, valid TF.js models using what netjac does not support, for the importer's
  error messages (they still have expected.json).
`;
  fs.writeFileSync(path.join(OUT_DIR, 'README.md'), text);
}

// ONLY=name1,name2 regenerates just those fixtures (for debugging; the README is left alone).
async function main() {
  const only = process.env.ONLY ? process.env.ONLY.split(',') : [];
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(OUT_DIR, {recursive: true});
  const results = [];
  for (const spec of MODELS) {
    if (only.length > 0 && !only.includes(spec.name)) {
      spec.build().dispose(); // still built: automatic layer names count every model of the run
      continue;
    }
    results.push(await makeFixture(spec));
  }
  if (only.length === 0) writeReadme(results);
  console.log(`tfjs ${TFJS_VERSION}, backend ${tf.getBackend()}: ${results.length} fixtures in ${OUT_DIR}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
