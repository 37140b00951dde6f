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
        const linked = e.dataset.source === id || e.dataset.target === id;
        if (linked) { near.add(e.dataset.source); near.add(e.dataset.target); }
        e.classList.toggle("dim", !linked);
      });
      nodes.forEach((n) => n.classList.toggle("dim", !near.has(n.dataset.node)));
    });
    node.addEventListener("mouseleave", clear);
  });
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
  highlightNeighbours();
  checkUploadSize();
});
