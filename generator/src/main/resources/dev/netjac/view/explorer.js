// netjac view: the page of `netjac view MODEL`. Every edit of the input posts it to /api/eval, which runs the
// generated class (outputs and the full Jacobian in one call); the answer redraws the bar chart and the
// saliency heatmap. The time from the edit to the end of the redraw is measured with performance.now() and
// shown in the footer; window.netjac.stats() gives it to tests.
'use strict';
(function () {
  const state = {
    model: null, x: null, y: null, jac: null, micros: 0, selected: 0,
    inFlight: false, editTime: null, samples: [], phases: null, ready: false,
  };
  window.netjac = {
    state: state,
    /** Latency statistics in ms over the samples from index {@code from} on (all by default). */
    stats: function (from) {
      const s = state.samples.slice(from || 0).sort(function (a, b) { return a - b; });
      return {
        count: s.length,
        last: state.samples.length ? state.samples[state.samples.length - 1] : null,
        median: s.length ? s[Math.floor((s.length - 1) / 2)] : null,
        p90: s.length ? s[Math.floor(0.9 * (s.length - 1))] : null,
        max: s.length ? s[s.length - 1] : null,
        busy: state.inFlight || state.editTime !== null,
        phases: state.phases,
        micros: state.micros,
      };
    },
  };
  const $ = function (id) { return document.getElementById(id); };

  function showError(message) {
    const e = $('error');
    e.textContent = message;
    e.hidden = !message;
  }

  // ---------------------------------------------------------------- colour map (the server's control points)
  let points = [];
  function parseHex(h) { return [parseInt(h.substr(1, 2), 16), parseInt(h.substr(3, 2), 16), parseInt(h.substr(5, 2), 16)]; }
  /** The RGB of t in [-1, 1], interpolated linearly between control points like DivergingColorMap.rgb. */
  function colour(t) {
    if (!isFinite(t)) { t = 0; }
    t = Math.max(-1, Math.min(1, t));
    const u = (t + 1) * 0.5 * (points.length - 1);
    const k = Math.min(Math.floor(u), points.length - 2);
    const f = u - k;
    const a = points[k], b = points[k + 1];
    return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
  }
  function css(rgb) { return 'rgb(' + rgb[0] + ',' + rgb[1] + ',' + rgb[2] + ')'; }

  // ---------------------------------------------------------------- geometry
  let g = null;       // {layout, height, width, channels}
  let zoom = 1;
  function index(r, c, ch) {
    return g.layout === 'channels-first' ? (ch * g.height + r) * g.width + c : (r * g.width + c) * g.channels + ch;
  }
  function isImage() { return g.layout !== 'vector'; }

  // ---------------------------------------------------------------- start
  fetch('/api/model').then(function (r) { return r.json(); }).then(init).catch(function (e) { showError('cannot load the model: ' + e); });

  function init(model) {
    state.model = model;
    points = model.colorMap.map(parseHex);
    g = model.geometry;
    state.x = new Float64Array(model.inputSize);
    $('model-name').textContent = model.name;
    $('model-line').textContent = model.source + ' · input ' + model.inputShape + ' → output ' + model.outputShape + ' · '
        + model.parameters.toLocaleString('en') + ' parameters · generated class ' + model.className + ' (compiled once with Janino)';
    $('input-shape').textContent = model.inputShape + (isImage() ? ', ' + g.layout : '');
    $('plan').textContent = 'Jacobian plan: ' + model.plan + ' · ' + model.cost.toLocaleString('en') + ' multiply-adds per forward + Jacobian';
    const body = $('layers').tBodies[0];
    model.layers.forEach(function (layer, k) {
      const tr = document.createElement('tr');
      [String(k), layer.id, layer.summary, layer.output, layer.parameters.toLocaleString('en'), layer.reads.join(', ')].forEach(function (text, c) {
        const td = document.createElement('td');
        td.textContent = text;
        if (c === 4) { td.className = 'num'; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    const select = $('output');
    model.labels.forEach(function (label, i) {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = label;
      select.appendChild(o);
    });
    select.addEventListener('change', function () { select_(Number(select.value)); });
    buildBars();
    if (isImage()) { buildCanvasEditor(); } else { buildSliders(); $('overlay-label').hidden = true; }
    $('overlay').addEventListener('change', drawSaliency);
    $('clear').addEventListener('click', function () { state.x.fill(0); inputChanged(); });
    $('npy').addEventListener('change', loadNpy);
    drawLegendBar();
    inputChanged();
  }

  // ---------------------------------------------------------------- input editors
  let drawCanvas = null;
  function buildCanvasEditor() {
    zoom = Math.max(1, Math.floor(280 / Math.max(g.height, g.width)));
    drawCanvas = document.createElement('canvas');
    drawCanvas.id = 'draw';
    drawCanvas.width = g.width * zoom;
    drawCanvas.height = g.height * zoom;
    $('editor').appendChild(drawCanvas);
    $('editor-hint').textContent = 'draw with the mouse (ink 0 → 1)';
    let drawing = false;
    drawCanvas.addEventListener('pointerdown', function (e) { drawing = true; drawCanvas.setPointerCapture(e.pointerId); paint(e); });
    drawCanvas.addEventListener('pointermove', function (e) { if (drawing) { paint(e); } });
    ['pointerup', 'pointercancel'].forEach(function (t) { drawCanvas.addEventListener(t, function () { drawing = false; }); });
  }

  /** Ink around the pointer: 1 at the centre, fading to 0 one and a half pixels away; never lightens. */
  function paint(e) {
    const rect = drawCanvas.getBoundingClientRect();
    const fx = (e.clientX - rect.left) / rect.width * g.width;
    const fy = (e.clientY - rect.top) / rect.height * g.height;
    let changed = false;
    for (let r = Math.floor(fy - 2); r <= Math.ceil(fy + 2); r++) {
      for (let c = Math.floor(fx - 2); c <= Math.ceil(fx + 2); c++) {
        if (r < 0 || c < 0 || r >= g.height || c >= g.width) { continue; }
        const d = Math.hypot(r + 0.5 - fy, c + 0.5 - fx);
        const ink = Math.max(0, Math.min(1, 1.5 - d));
        for (let ch = 0; ch < g.channels; ch++) {
          const j = index(r, c, ch);
          if (ink > state.x[j]) { state.x[j] = ink; changed = true; }
        }
      }
    }
    if (changed) { inputChanged(); }
  }

  /** Grey levels of the input: 0 black, 1 white, stretched when loaded values leave [0, 1]. */
  function greyLevels() {
    let lo = 0, hi = 1;
    for (let j = 0; j < state.x.length; j++) { lo = Math.min(lo, state.x[j]); hi = Math.max(hi, state.x[j]); }
    const grey = new Float64Array(g.height * g.width);
    for (let p = 0; p < grey.length; p++) {
      let s = 0;
      for (let ch = 0; ch < g.channels; ch++) { s += state.x[index(Math.floor(p / g.width), p % g.width, ch)]; }
      grey[p] = (s / g.channels - lo) / (hi - lo);
    }
    return grey;
  }

  function drawInput() {
    if (!drawCanvas) { return; }
    const ctx = drawCanvas.getContext('2d');
    const grey = greyLevels();
    for (let p = 0; p < grey.length; p++) {
      const v = Math.round(255 * grey[p]);
      ctx.fillStyle = 'rgb(' + v + ',' + v + ',' + v + ')';
      ctx.fillRect((p % g.width) * zoom, Math.floor(p / g.width) * zoom, zoom, zoom);
    }
  }

  let sliders = [];
  function buildSliders() {
    const box = document.createElement('div');
    box.id = 'sliders';
    $('editor-hint').textContent = 'one slider per input, -3 … 3; tinted by the saliency of the chosen output';
    for (let j = 0; j < state.x.length; j++) {
      const wrap = document.createElement('label');
      wrap.className = 'slider';
      const name = document.createElement('span');
      name.textContent = String(j);
      const input = document.createElement('input');
      input.type = 'range';
      input.min = '-3';
      input.max = '3';
      input.step = '0.01';
      input.value = '0';
      input.dataset.index = String(j);
      input.addEventListener('input', function () { state.x[j] = Number(input.value); edited(); });
      wrap.appendChild(name);
      wrap.appendChild(input);
      box.appendChild(wrap);
      sliders.push(input);
    }
    $('editor').appendChild(box);
  }

  function inputChanged() {
    drawInput();
    sliders.forEach(function (s, j) { s.value = String(state.x[j]); });
    edited();
  }

  // ---------------------------------------------------------------- x.npy, parsed here (nothing is uploaded)
  function loadNpy(event) {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) { return; }
    file.arrayBuffer().then(function (buffer) {
      const values = parseNpy(buffer, state.x.length);
      state.x.set(values);
      showError('');
      inputChanged();
    }).catch(function (e) { showError(file.name + ': ' + e.message); });
  }

  /** The first input in a .npy file (float32/float64, little-endian, C order) of n values or a batch of them. */
  function parseNpy(buffer, n) {
    const b = new Uint8Array(buffer);
    const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
    if (b.length < 10 || magic.some(function (m, i) { return b[i] !== m; })) { throw new Error('not a .npy file'); }
    const major = b[6];
    const view = new DataView(buffer);
    const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    const start = major === 1 ? 10 : 12;
    if (start + headerLength > b.length) { throw new Error('header runs past the end of the file'); }
    const header = new TextDecoder('latin1').decode(b.subarray(start, start + headerLength));
    const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
    const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
    const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
    if (!descr || !fortran || !shape) { throw new Error('unreadable header'); }
    if (fortran[1] === 'True') { throw new Error('Fortran-ordered arrays are not supported; save with C order'); }
    const dims = shape[1].split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s.length; }).map(Number);
    const count = dims.reduce(function (a, d) { return a * d; }, 1);
    const size = descr[1] === '<f4' ? 4 : descr[1] === '<f8' ? 8 : 0;
    if (!size) { throw new Error('dtype ' + descr[1] + ' is not supported, expected float32 or float64 (<f4, <f8)'); }
    const offset = start + headerLength;
    if (offset + count * size > b.length) { throw new Error('file holds fewer values than its shape claims'); }
    if (count !== n && !(dims.length > 1 && count / dims[0] === n)) {
      throw new Error('shape (' + dims.join(', ') + ') holds ' + count + ' values, expected ' + n + ' (one input) or a batch of them');
    }
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      values[j] = size === 4 ? view.getFloat32(offset + 4 * j, true) : view.getFloat64(offset + 8 * j, true);
    }
    return values;
  }

  // ---------------------------------------------------------------- evaluation, coalesced: one request in flight
  function edited() {
    if (state.editTime === null) { state.editTime = performance.now(); }
    if (!state.inFlight) { send(); }
  }

  function send() {
    const t0 = state.editTime;
    state.editTime = null;
    state.inFlight = true;
    let tAnswer = 0;
    fetch('/api/eval', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({x: Array.from(state.x)})})
      .then(function (r) {
        tAnswer = performance.now();
        return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); });
      })
      .then(function (res) {
        const tParsed = performance.now();
        state.y = res.y;
        state.jac = res.jac;
        state.micros = res.micros;
        drawBars();
        drawSaliency();
        const tDrawn = performance.now();
        // Where the time went: waiting for the answer (queue, request, server), reading its JSON, drawing.
        state.phases = {wait: tAnswer - t0, json: tParsed - tAnswer, draw: tDrawn - tParsed};
        record(tDrawn - t0);
        showError('');
      })
      .catch(function (e) { showError('evaluation failed: ' + e.message); })
      .finally(function () {
        state.inFlight = false;
        if (state.editTime !== null) { send(); }
      });
  }

  function record(ms) {
    state.samples.push(ms);
    if (state.samples.length > 1000) { state.samples.shift(); }
    const s = window.netjac.stats();
    $('latency').textContent = 'last ' + ms.toFixed(1) + ' ms, median ' + s.median.toFixed(1) + ' ms, 90th percentile '
        + s.p90.toFixed(1) + ' ms over ' + s.count + ' edits; last: ' + state.phases.wait.toFixed(1) + ' ms to the answer, '
        + state.phases.json.toFixed(1) + ' ms JSON, ' + state.phases.draw.toFixed(1) + ' ms drawing (the generated class: '
        + state.micros + ' µs for outputs + full Jacobian)';
    $('latency').dataset.median = String(s.median);
    if (!state.ready) { state.ready = true; document.body.dataset.ready = '1'; }
  }

  // ---------------------------------------------------------------- outputs as bars
  let barRows = [];
  function buildBars() {
    const box = $('bars');
    state.model.labels.forEach(function (label, i) {
      const row = document.createElement('div');
      row.className = 'bar-row';
      row.dataset.index = String(i);
      const name = document.createElement('span');
      name.className = 'bar-label';
      name.textContent = label;
      const track = document.createElement('div');
      track.className = 'bar-track';
      const bar = document.createElement('div');
      bar.className = 'bar';
      track.appendChild(bar);
      const value = document.createElement('span');
      value.className = 'bar-value';
      row.appendChild(name);
      row.appendChild(track);
      row.appendChild(value);
      row.addEventListener('click', function () { select_(i); });
      box.appendChild(row);
      barRows.push({row: row, bar: bar, value: value});
    });
  }

  function drawBars() {
    let top = 0;
    state.y.forEach(function (v) { top = Math.max(top, Math.abs(v || 0)); });
    state.y.forEach(function (v, i) {
      const b = barRows[i];
      b.bar.style.width = (top > 0 ? 100 * Math.abs(v || 0) / top : 0) + '%';
      b.bar.className = v < 0 ? 'bar negative' : 'bar';
      b.value.textContent = v === null ? 'n/a' : format(v);
      b.row.dataset.value = String(v);
      b.row.classList.toggle('selected', i === state.selected);
    });
  }

  function select_(i) {
    state.selected = i;
    $('output').value = String(i);
    if (state.y) { drawBars(); drawSaliency(); }
  }

  function format(v) {
    const a = Math.abs(v);
    return v === 0 ? '0' : a >= 1e-3 && a < 1e4 ? v.toPrecision(3) : v.toExponential(2);
  }

  // ---------------------------------------------------------------- saliency
  function drawSaliency() {
    if (!state.jac) { return; }
    const canvas = $('heatmap');
    const n = state.model.inputSize, m = state.model.outputSize, sel = state.selected;
    const ctx = canvas.getContext('2d');
    let scale = 0;
    if (isImage()) {
      const map = new Float64Array(g.height * g.width);
      for (let p = 0; p < map.length; p++) {
        let s = 0;
        for (let ch = 0; ch < g.channels; ch++) { s += state.jac[sel * n + index(Math.floor(p / g.width), p % g.width, ch)] || 0; }
        map[p] = s;
        scale = Math.max(scale, Math.abs(s));
      }
      scale = scale || 1;
      const overlay = $('overlay').checked;
      const grey = overlay ? greyLevels() : null;
      canvas.width = g.width * zoom;
      canvas.height = g.height * zoom;
      const image = ctx.createImageData(canvas.width, canvas.height);
      for (let p = 0; p < map.length; p++) {
        const t = map[p] / scale;
        let rgb = colour(t);
        if (grey) {
          const level = 255 * grey[p], a = Math.min(1, Math.abs(t));
          rgb = rgb.map(function (c) { return Math.round(level + (c - level) * a); });
        }
        const r0 = Math.floor(p / g.width) * zoom, c0 = (p % g.width) * zoom;
        for (let dy = 0; dy < zoom; dy++) {
          for (let dx = 0; dx < zoom; dx++) {
            const o = 4 * ((r0 + dy) * canvas.width + c0 + dx);
            image.data[o] = rgb[0]; image.data[o + 1] = rgb[1]; image.data[o + 2] = rgb[2]; image.data[o + 3] = 255;
          }
        }
      }
      ctx.putImageData(image, 0, 0);
      $('saliency-caption').textContent = 'd ' + state.model.labels[sel] + ' / d pixel (summed over channels): red raises it, blue lowers it';
    } else {
      // The whole M x N matrix, each row on its own scale; the chosen row outlined, its scale in the legend.
      const cw = Math.max(1, Math.min(24, Math.floor(600 / n))), ch = 16;
      canvas.width = n * cw;
      canvas.height = m * ch;
      const image = ctx.createImageData(canvas.width, canvas.height);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) { s = Math.max(s, Math.abs(state.jac[i * n + j] || 0)); }
        s = s || 1;
        if (i === sel) { scale = s; }
        for (let j = 0; j < n; j++) {
          const rgb = colour((state.jac[i * n + j] || 0) / s);
          for (let dy = 0; dy < ch; dy++) {
            for (let dx = 0; dx < cw; dx++) {
              const o = 4 * ((i * ch + dy) * canvas.width + j * cw + dx);
              image.data[o] = rgb[0]; image.data[o + 1] = rgb[1]; image.data[o + 2] = rgb[2]; image.data[o + 3] = 255;
            }
          }
        }
      }
      ctx.putImageData(image, 0, 0);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.strokeRect(1, sel * ch + 1, canvas.width - 2, ch - 2);
      sliders.forEach(function (slider, j) {
        slider.parentNode.style.borderLeftColor = css(colour((state.jac[sel * n + j] || 0) / scale));
      });
      $('saliency-caption').textContent = 'Jacobian rows (outputs) × inputs, each row on its own scale; the outlined row is '
          + state.model.labels[sel] + ', whose scale the legend gives';
    }
    $('legend-min').textContent = format(-scale);
    $('legend-max').textContent = '+' + format(scale);
  }

  function drawLegendBar() {
    const ctx = $('legend').getContext('2d');
    for (let k = 0; k < 256; k++) {
      ctx.fillStyle = css(colour(-1 + 2 * k / 255));
      ctx.fillRect(k, 0, 1, 14);
    }
  }
})();
