// Progressive touches for the newsgraph explorer. Every page works without this file.
"use strict";

// Article page: hovering any part of a quote outlines all of its parts (content, cue, source).
function linkQuoteParts() {
  const parts = document.querySelectorAll("article.text [data-quote]");
  parts.forEach((part) => {
    const same = () => document.querySelectorAll(`article.text [data-quote="${part.dataset.quote}"]`);
    part.addEventListener("mouseenter", () => same().forEach((p) => p.classList.add("focus")));
    part.addEventListener("mouseleave", () => same().forEach((p) => p.classList.remove("focus")));
  });
}

// Article page: a link to #q-N (from a quote list) marks every part of quote N, not only the
// first one that carries the id, and brings the quote to the middle of the screen.
function markLinkedQuote() {
  const mark = () => {
    document.querySelectorAll("article.text .linked").forEach((part) => part.classList.remove("linked"));
    const match = /^#q-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    const parts = document.querySelectorAll(`article.text [data-quote="${match[1]}"]`);
    parts.forEach((part) => part.classList.add("linked"));
    if (parts.length) parts[0].scrollIntoView({ block: "center" });
  };
  mark();
  window.addEventListener("hashchange", mark);
}

// Network page: hovering a node dims everything not linked to it.
function highlightNeighbours() {
  const graph = document.getElementById("graph");
  if (!graph) return;
  const edges = Array.from(graph.querySelectorAll("line[data-source]"));
  const nodes = Array.from(graph.querySelectorAll("a.node"));
  const clear = () => graph.querySelectorAll(".dim").forEach((el) => el.classList.remove("dim"));
  nodes.forEach((node) => {
    node.addEventListener("mouseenter", () => {
      const id = node.dataset.node;
      const near = new Set([id]);
      edges.forEach((e) => {
        const linked = !e.classList.contains("off") && (e.dataset.source === id || e.dataset.target === id);
        if (linked) { near.add(e.dataset.source); near.add(e.dataset.target); }
        e.classList.toggle("dim", !linked);
      });
      nodes.forEach((n) => n.classList.toggle("dim", !near.has(n.dataset.node)));
    });
    node.addEventListener("mouseleave", clear);
  });
}

// Network page: the link-kind boxes and the minimum-weight slider show and hide links at once,
// keep their state in the URL (a permalink) and in the download links.
function filterNetwork() {
  const form = document.getElementById("network-form");
  const graph = document.getElementById("graph");
  if (!form || !graph) return;
  const slider = form.querySelector("input[name=min_weight]");
  const apply = () => {
    const kinds = new Set(Array.from(form.querySelectorAll("input[name=kind]:checked"), (box) => box.value));
    const min = Number(slider.value);
    form.querySelector("#min-weight-value").textContent = slider.value;
    const linked = new Set();
    let shown = 0;
    document.querySelectorAll("[data-kind][data-weight]").forEach((el) => {
      const on = kinds.has(el.dataset.kind) && Number(el.dataset.weight) >= min;
      el.classList.toggle("off", !on);
      if (on && el.dataset.source) { linked.add(el.dataset.source); linked.add(el.dataset.target); shown += 1; }
    });
    graph.querySelectorAll("a.node").forEach((n) => n.classList.toggle("off", !linked.has(n.dataset.node)));
    document.getElementById("links-shown").textContent = String(shown);
    const query = new URLSearchParams(new FormData(form));
    if (query.get("min_weight") === "1") query.delete("min_weight");
    if (query.getAll("kind").length === form.querySelectorAll("input[name=kind]").length) query.delete("kind");
    if (!query.get("entity")) query.delete("entity");
    window.history.replaceState(null, "", `${window.location.pathname}${query.size ? "?" + query : ""}`);
    document.querySelectorAll("p.exports a").forEach((link) => {
      const url = new URL(link.href);
      url.search = query.toString();
      link.href = url;
    });
  };
  form.querySelectorAll("input[name=kind]").forEach((box) => box.addEventListener("change", apply));
  slider.addEventListener("input", apply);
}

// Network page: drag to pan, wheel or buttons to zoom (the SVG's viewBox moves; text stays sharp).
function panAndZoom() {
  const svg = document.getElementById("graph");
  if (!svg) return;
  const full = svg.viewBox.baseVal;
  const initial = [full.x, full.y, full.width, full.height];
  const box = () => svg.viewBox.baseVal;
  const zoom = (factor, cx, cy) => {
    const b = box();
    const width = Math.min(Math.max(b.width * factor, initial[2] / 8), initial[2] * 2);
    const scale = width / b.width;
    b.x = cx - (cx - b.x) * scale; b.y = cy - (cy - b.y) * scale;
    b.width = width; b.height = b.height * scale;
  };
  const toGraph = (event) => {
    const rect = svg.getBoundingClientRect();
    const b = box();
    return [b.x + (event.clientX - rect.left) / rect.width * b.width, b.y + (event.clientY - rect.top) / rect.height * b.height];
  };
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [cx, cy] = toGraph(event);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, cx, cy);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => { drag = { x: event.clientX, y: event.clientY, moved: false }; });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const b = box();
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    b.x -= dx / rect.width * b.width; b.y -= dy / rect.height * b.height;
    drag.x = event.clientX; drag.y = event.clientY;
  });
  svg.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  svg.addEventListener("click", (event) => { if (drag && drag.moved) event.preventDefault(); }, true);
  document.querySelectorAll("button[data-zoom]").forEach((button) => button.addEventListener("click", () => {
    const b = box();
    if (button.dataset.zoom === "reset") { [b.x, b.y, b.width, b.height] = initial; return; }
    zoom(button.dataset.zoom === "in" ? 1 / 1.4 : 1.4, b.x + b.width / 2, b.y + b.height / 2);
  }));
}

// Article page: the speaker legend is folded on small screens (the text comes first) and open on wide ones.
function unfoldLegendOnWideScreens() {
  const legend = document.getElementById("speaker-legend");
  if (legend && window.matchMedia("(min-width: 851px)").matches) legend.open = true;
}

// Analyse page: refuse an over-large file before uploading it (the server checks too).
function checkUploadSize() {
  const input = document.querySelector("form.analyse input[type=file]");
  if (!input) return;
  const limit = Number(input.dataset.maxBytes);
  input.addEventListener("change", () => {
    const file = input.files[0];
    input.setCustomValidity(file && file.size > limit ? `The file is larger than ${Math.round(limit / 1024)} KiB.` : "");
    input.reportValidity();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  linkQuoteParts();
  markLinkedQuote();
  unfoldLegendOnWideScreens();
  highlightNeighbours();
  filterNetwork();
  panAndZoom();
  checkUploadSize();
});
