// Small inline-SVG charts for the analytics screens: bars with interval whiskers, a
// quadrant scatter, paired histograms and a ratio bar with the four-fifths line. Each is
// an <svg role="img"> with a label and a <title> per mark; the screens put the table of
// numbers behind every chart next to it, so nothing is only in the picture.
const NS = "http://www.w3.org/2000/svg";

function svg(width, height, label, cls) {
  const node = document.createElementNS(NS, "svg");
  node.setAttribute("viewBox", `0 0 ${width} ${height}`);
  node.setAttribute("class", `chart ${cls}`);
  node.setAttribute("role", "img");
  node.setAttribute("aria-label", label);
  return node;
}

function mark(tag, attrs, title) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (title) {
    const t = document.createElementNS(NS, "title");
    t.textContent = title;
    node.append(t);
  }
  return node;
}

function text(x, y, content, attrs = {}) {
  const node = mark("text", { x, y, ...attrs });
  node.textContent = content;
  return node;
}

const fixed = (v, digits = 2) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));

// Horizontal bars from 0 with a whisker for each row's interval (e.g. r with its 95 %
// interval). rows: [{label, value, low, high}]; value null: the row says ``empty``.
export function intervalBars(rows, { label, min = -1, max = 1, empty = "" } = {}) {
  const rowHeight = 26, labelWidth = 140, width = 460, plot = width - labelWidth - 50;
  const x = (v) => labelWidth + ((Math.max(min, Math.min(max, v)) - min) / (max - min)) * plot;
  const chart = svg(width, rows.length * rowHeight + 18, label, "interval-bars");
  chart.append(mark("line", { x1: x(0), x2: x(0), y1: 0, y2: rows.length * rowHeight, class: "axis" }));
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    chart.append(text(0, y + 17, row.label));
    if (row.value === null || row.value === undefined) {
      chart.append(text(labelWidth, y + 17, empty, { class: "muted" }));
      return;
    }
    const title = `${row.label}: ${fixed(row.value)} [${fixed(row.low)}, ${fixed(row.high)}]`;
    const [from, to] = [x(Math.min(0, row.value)), x(Math.max(0, row.value))];
    chart.append(mark("rect", { x: from, y: y + 6, width: Math.max(1, to - from), height: rowHeight - 12, class: "bar" }, title));
    if (row.low !== null && row.low !== undefined && row.high !== null && row.high !== undefined) {
      const mid = y + rowHeight / 2;
      chart.append(mark("line", { x1: x(row.low), x2: x(row.high), y1: mid, y2: mid, class: "whisker" }));
      for (const end of [row.low, row.high]) chart.append(mark("line", { x1: x(end), x2: x(end), y1: mid - 5, y2: mid + 5, class: "whisker" }));
    }
    chart.append(text(x(Math.max(row.value, row.high ?? row.value)) + 6, y + 17, fixed(row.value)));
  });
  for (const tick of [min, 0, max]) chart.append(text(x(tick), rows.length * rowHeight + 14, String(tick), { class: "tick", "text-anchor": "middle" }));
  return chart;
}

// Points on two 0-100 axes split into four quadrants by xLine and yLine. points:
// [{label, x, y, tone}]; corners: the four quadrants' names, [top-left, top-right,
// bottom-left, bottom-right].
export function quadrantScatter(points, { label, xLine, yLine, xName, yName, corners = [] } = {}) {
  const size = 360, pad = 34;
  const lo = Math.min(40, ...points.map((p) => Math.min(p.x, p.y))) - 5;
  const hi = Math.max(90, ...points.map((p) => Math.max(p.x, p.y))) + 5;
  const sx = (v) => pad + ((v - lo) / (hi - lo)) * (size - 2 * pad);
  const sy = (v) => size - pad - ((v - lo) / (hi - lo)) * (size - 2 * pad);
  const chart = svg(size, size, label, "quadrant");
  chart.append(mark("rect", { x: pad, y: pad, width: size - 2 * pad, height: size - 2 * pad, class: "frame" }));
  chart.append(mark("line", { x1: sx(xLine), x2: sx(xLine), y1: pad, y2: size - pad, class: "split" }));
  chart.append(mark("line", { x1: pad, x2: size - pad, y1: sy(yLine), y2: sy(yLine), class: "split" }));
  const [tl, tr, bl, br] = corners;
  chart.append(text(pad + 4, pad + 14, tl || "", { class: "corner" }),
    text(size - pad - 4, pad + 14, tr || "", { class: "corner", "text-anchor": "end" }),
    text(pad + 4, size - pad - 6, bl || "", { class: "corner" }),
    text(size - pad - 4, size - pad - 6, br || "", { class: "corner", "text-anchor": "end" }));
  for (const p of points) {
    chart.append(mark("circle", { cx: sx(p.x), cy: sy(p.y), r: 6, class: `point ${p.tone || ""}` }, `${p.label}: ${fixed(p.x, 1)}, ${fixed(p.y, 1)}`));
    chart.append(text(sx(p.x) + 8, sy(p.y) + 4, p.label, { class: "point-label" }));
  }
  chart.append(text(size / 2, size - 6, xName || "", { "text-anchor": "middle", class: "axis-name" }));
  chart.append(text(10, size / 2, yName || "", { "text-anchor": "middle", class: "axis-name", transform: `rotate(-90 10 ${size / 2})` }));
  return chart;
}

// Histograms of the same bins side by side. series: [{name, counts, tone}]; binLabels:
// one per bin.
export function histograms(series, { label, binLabels = [] } = {}) {
  const bins = Math.max(...series.map((s) => s.counts.length));
  const width = 360, height = 150, base = height - 22, bin = (width - 10) / bins;
  const top = Math.max(1, ...series.flatMap((s) => s.counts));
  const chart = svg(width, height, label, "histograms");
  series.forEach((s, k) => {
    s.counts.forEach((count, i) => {
      const h = ((base - 30) * count) / top, w = (bin - 4) / series.length;
      chart.append(mark("rect", { x: 5 + i * bin + 2 + k * w, y: base - h, width: Math.max(1, w - 1), height: h, class: s.tone || "bar" },
        `${s.name} ${binLabels[i] || i}: ${count}`));
    });
  });
  chart.append(mark("line", { x1: 5, x2: width - 5, y1: base, y2: base, class: "axis" }));
  for (const [i, anchor] of [[0, "start"], [Math.floor(bins / 2), "middle"], [bins, "end"]]) {
    chart.append(text(5 + i * bin, height - 6, String(i * (100 / bins)), { class: "tick", "text-anchor": anchor }));
  }
  series.forEach((s, k) => {  // the legend, in a row above the bars
    chart.append(mark("rect", { x: 5 + k * 80, y: 4, width: 10, height: 10, class: s.tone || "bar" }));
    chart.append(text(19 + k * 80, 13, s.name, { class: "legend" }));
  });
  return chart;
}

// Impact ratios as bars on 0..1.2 with a dashed line at ``line`` (0.8). rows:
// [{label, value, note}]; value null: the row shows ``note`` (e.g. "< 5").
export function ratioBars(rows, { label, line = 0.8, max = 1.2 } = {}) {
  const rowHeight = 24, labelWidth = 120, width = 420, plot = width - labelWidth - 50;
  const x = (v) => labelWidth + (Math.min(max, v) / max) * plot;
  const chart = svg(width, rows.length * rowHeight + 16, label, "ratio-bars");
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    chart.append(text(0, y + 16, row.label));
    if (row.value === null || row.value === undefined) {
      chart.append(text(labelWidth, y + 16, row.note || "", { class: "muted" }));
      return;
    }
    const tone = row.value < line ? "bar alert" : "bar";
    chart.append(mark("rect", { x: labelWidth, y: y + 5, width: Math.max(1, x(row.value) - labelWidth), height: rowHeight - 10, class: tone },
      `${row.label}: ${fixed(row.value)}`));
    chart.append(text(x(row.value) + 6, y + 16, fixed(row.value)));
  });
  chart.append(mark("line", { x1: x(line), x2: x(line), y1: 0, y2: rows.length * rowHeight, class: "four-fifths" }, String(line)));
  chart.append(text(x(line), rows.length * rowHeight + 13, String(line), { class: "tick", "text-anchor": "middle" }));
  return chart;
}
