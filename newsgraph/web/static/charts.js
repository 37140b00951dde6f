// Volume charts: articles per day, week or month on a continuous time axis, drawn with uPlot
// (vendored in static/vendor/uplot) from the JSON API. Each <figure class="volume"> names its data
// (data-src) and period (data-unit); the period buttons redraw it and keep the choice in the URL.
"use strict";

const SERIES_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const UNIT_WORDS = { day: "per day", week: "per week (Monday to Sunday)", month: "per month" };

function dataUrl(figure, unit) {
  const url = new URL(figure.dataset.src, window.location.href);
  url.searchParams.set("unit", unit);
  return url;
}

function undatedNote(data) {
  const undated = data.series.reduce((sum, s) => sum + s.undated, 0);
  const dated = data.series.reduce((sum, s) => sum + s.total, 0);
  const parts = [`${dated} dated article${dated === 1 ? "" : "s"}, ${UNIT_WORDS[data.unit] || data.unit}; periods without articles are zero.`];
  parts.push(undated ? `${undated} undated article${undated === 1 ? " is" : "s are"} not on the time axis` +
    (data.series.length > 1 ? ` (${data.series.map((s) => `${s.name}: ${s.undated}`).join(", ")}).` : ".")
    : "Every article is dated.");
  return parts.join(" ");
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

function plotOptions(data, width, step) {
  const single = data.series.length === 1;
  const series = [{ label: "period", value: (u, v) => (v == null ? "" : new Date(v * 1000).toISOString().slice(0, 10)) }];
  data.series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length];
    series.push(single
      ? { label: s.name, stroke: color, fill: color + "88", paths: uPlot.paths.bars({ size: [0.9, 40], align: 0 }), points: { show: false } }
      : { label: s.name, stroke: color, width: 2, dash: i ? [6, 4] : undefined,  // a dashed line lets an equal one show
          paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } });
  });
  return {
    width, height: 220, series,
    // bars sit on their period: half a period of room at each end; steps end at the next period
    scales: { x: { time: true, range: (u, min, max) => (single ? [min - step / 2, max + step / 2] : [min, max]) },
      y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { label: "articles", size: 50, incrs: COUNT_STEPS }],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    legend: { show: true },
  };
}

function draw(figure, unit) {
  const target = figure.querySelector(".volume-plot");
  const note = figure.querySelector(".volume-note");
  const request = (figure.requests = (figure.requests || 0) + 1);
  fetch(dataUrl(figure, unit)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))).then((data) => {
    if (request !== figure.requests) return;  // a later choice of period was made meanwhile: it wins
    if (figure.plot) { figure.plot.destroy(); figure.plot = null; }
    target.replaceChildren();
    note.textContent = undatedNote(data);
    figure.dataset.drawnUnit = data.unit;
    if (!data.dates.length) { target.textContent = "No dated articles."; return; }
    const xs = data.dates.map((d) => Date.parse(d + "T00:00:00Z") / 1000);
    const step = xs.length > 1 ? xs[1] - xs[0] : 86400;
    const counts = data.series.map((s) => s.counts);
    if (data.series.length > 1) {  // a step line needs the next period's start to draw the last one
      xs.push(xs[xs.length - 1] + step);
      counts.forEach((c) => c.push(0));
    }
    figure.plot = new uPlot(plotOptions(data, target.clientWidth || 600, step), [xs, ...counts], target);
  }).catch((err) => { note.textContent = `The chart could not be loaded (${err.message}).`; });
}

function setUpVolume(figure) {
  const buttons = figure.querySelectorAll("button[data-unit]");
  const press = (unit) => buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.unit === unit)));
  buttons.forEach((button) => button.addEventListener("click", () => {
    press(button.dataset.unit);
    const page = new URL(window.location.href);
    page.searchParams.set("unit", button.dataset.unit);
    window.history.replaceState(null, "", page);
    draw(figure, button.dataset.unit);
  }));
  const unit = new URLSearchParams(window.location.search).get("unit") || figure.dataset.unit || "auto";
  press(unit);
  draw(figure, unit);
  new ResizeObserver(() => {
    const target = figure.querySelector(".volume-plot");
    if (figure.plot && target.clientWidth) figure.plot.setSize({ width: target.clientWidth, height: 220 });
  }).observe(figure);
}

document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("figure.volume").forEach(setUpVolume));
