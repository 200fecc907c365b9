// Graphs drawn with Cytoscape.js and laid out in layers by dagre: data lineage (upstream on the
// left) and the knowledge graph (products on the left, the identifier types they hold on the right).

import { cytoscape, dagre } from "./vendor.js";

const PALETTE = ["#4f46e5", "#0891b2", "#c2410c", "#7c3aed", "#15803d", "#be185d", "#0369a1", "#a16207"];

/** A stable color per domain. */
export function domainColor(domain) {
  let hash = 0;
  for (const char of String(domain || "")) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return PALETTE[hash % PALETTE.length];
}

const STYLE = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      "background-color": "data(color)",
      "background-opacity": 0.12,
      "border-width": 1.5,
      "border-color": "data(color)",
      label: "data(label)",
      "text-wrap": "wrap",
      "text-valign": "center",
      "text-halign": "center",
      "font-family": "Inter, system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
      "font-size": 12,
      color: "#1f2937",
      width: "data(width)",
      height: "data(height)",
    },
  },
  {
    selector: "node[kind = 'product']",
    style: { "font-weight": 600 },
  },
  {
    selector: "node.current",
    style: { "background-opacity": 0.95, color: "#ffffff", "border-width": 3 },
  },
  {
    selector: "node[kind = 'source']",
    style: { shape: "cut-rectangle", "border-style": "dashed", "background-color": "#64748b", "border-color": "#64748b" },
  },
  {
    selector: "node[kind = 'port']",
    style: { shape: "round-tag", "font-weight": 500 },
  },
  {
    selector: "node[kind = 'identifier']",
    style: {
      shape: "ellipse",
      "background-color": "#d97706",
      "border-color": "#b45309",
      "background-opacity": 0.9,
      color: "#ffffff",
      "font-weight": 700,
    },
  },
  {
    selector: "node[?missing]",
    style: { "border-style": "dotted", "background-opacity": 0.04, color: "#9ca3af" },
  },
  { selector: "node.clickable", style: { "overlay-opacity": 0 } },
  {
    selector: "edge",
    style: {
      width: 1.6,
      "curve-style": "bezier",
      "line-color": "#94a3b8",
      "target-arrow-color": "#94a3b8",
      "target-arrow-shape": "triangle",
      "arrow-scale": 1.1,
      label: "data(label)",
      "font-size": 9,
      color: "#475569",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      "text-rotation": "autorotate",
    },
  },
  {
    selector: "edge[kind = 'identifies']",
    style: { "line-color": "#f59e0b", "target-arrow-color": "#f59e0b", "line-style": "solid" },
  },
  {
    selector: "edge[?linked]",
    style: { "line-style": "dashed" },
  },
  {
    selector: ":parent",
    style: {
      shape: "round-rectangle",
      "background-opacity": 0.06,
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -4,
      "font-size": 11,
      padding: 10,
    },
  },
  { selector: ":parent.current", style: { "background-opacity": 0.16, color: "#1f2937", "border-width": 2.5 } },
  {
    selector: "node[kind = 'column']",
    style: { "font-family": "ui-monospace, SF Mono, Menlo, Consolas, monospace", "font-size": 11, "font-weight": 500 },
  },
  { selector: "edge[how = 'transformed']", style: { "line-style": "dashed" } },
  {
    selector: "edge[how = 'aggregated']",
    style: { "line-style": "dotted", width: 2.2, "line-color": "#7c3aed", "target-arrow-color": "#7c3aed" },
  },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#111827" } },
  { selector: ".faded", style: { opacity: 0.25 } },
];

function size(label, kind) {
  const lines = String(label).split("\n");
  const longest = Math.max(...lines.map((line) => line.length));
  if (kind === "column") {
    return { width: Math.max(60, longest * 7.2 + 18), height: 24 };
  }
  if (kind === "identifier") {
    const side = Math.max(64, longest * 7 + 20);
    return { width: side, height: 44 };
  }
  return { width: Math.max(90, longest * 7.4 + 26), height: 18 + lines.length * 15 };
}

/**
 * Draws a graph into the container and returns the Cytoscape instance. When drawn, the container
 * has data-ready="true" and data-nodes / data-edges counts (what the browser tests wait for).
 *
 * @param graph {nodes: [{id, label, kind, domain, parent, current, missing, href}], edges: [{source, target, label, kind, how}]};
 *     a node with a parent is drawn inside it (a column in its port)
 * @param options {spacing: pixels between layers, onOpen(node): a click on a node with an href}
 */
export function drawGraph(container, graph, options = {}) {
  container.replaceChildren();
  container.dataset.ready = "false";
  const elements = [];
  // parents first: Cytoscape nests a node in a parent it already has
  const parents = new Set(graph.nodes.filter((node) => node.parent).map((node) => node.parent));
  const ordered = [...graph.nodes.filter((node) => parents.has(node.id)), ...graph.nodes.filter((node) => !parents.has(node.id))];
  for (const node of ordered) {
    const label = node.label || node.id;
    elements.push({
      group: "nodes",
      data: {
        ...node,
        label,
        color: node.color || domainColor(node.domain),
        ...size(label, node.kind),
      },
      classes: [node.current ? "current" : "", node.href ? "clickable" : ""].join(" ").trim(),
    });
  }
  const ids = new Set(graph.nodes.map((node) => node.id));
  graph.edges.forEach((edge, index) => {
    if (ids.has(edge.source) && ids.has(edge.target)) {
      elements.push({ group: "edges", data: { id: "e" + index, label: "", ...edge } });
    }
  });

  const cy = cytoscape({
    container,
    elements,
    style: STYLE,
    layout: { name: "preset" },
    minZoom: 0.2,
    maxZoom: 2.5,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  container.cy = cy;

  const layout = flowLayout(cy, options.spacing || 80);
  cy.one("layoutstop", () => {
    cy.fit(undefined, 28);
    if (cy.zoom() > 1.25) {
      cy.zoom(1.25);
      cy.center();
    }
    container.dataset.nodes = String(cy.nodes().length);
    container.dataset.edges = String(cy.edges().length);
    container.dataset.ready = "true";
  });
  layout.run();

  cy.on("tap", "node", (event) => {
    const data = event.target.data();
    if (options.onOpen && data.href) {
      options.onOpen(data);
    }
  });
  cy.on("mouseover", "node", (event) => {
    container.style.cursor = event.target.data("href") ? "pointer" : "default";
    const neighborhood = event.target.closedNeighborhood();
    cy.elements().not(neighborhood).addClass("faded");
  });
  cy.on("mouseout", "node", () => {
    container.style.cursor = "default";
    cy.elements().removeClass("faded");
  });
  return cy;
}

/**
 * Layers from left (upstream) to right (downstream), as dagre ranks them, with as few crossings as
 * it finds; Cytoscape draws the nodes where dagre put them.
 */
function flowLayout(cy, spacing) {
  const graph = new dagre.graphlib.Graph({ compound: true });
  graph.setGraph({ rankdir: "LR", nodesep: 22, ranksep: spacing, edgesep: 12, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  cy.nodes().forEach((node) =>
    graph.setNode(node.id(), node.isParent() ? { paddingTop: 26 } : { width: node.data("width"), height: node.data("height") })
  );
  cy.nodes().forEach((node) => {
    if (node.isChild()) {
      graph.setParent(node.id(), node.parent().id());
    }
  });
  cy.edges().forEach((edge) => {
    // room for the edge's label between the ranks
    const label = String(edge.data("label") || "");
    graph.setEdge(edge.source().id(), edge.target().id(), { width: label.length * 5.5, height: 12, labelpos: "c" });
  });
  dagre.layout(graph);
  return cy.layout({
    name: "preset",
    positions: (node) => {
      const placed = graph.node(node.id());
      return { x: placed.x || 0, y: placed.y || 0 };
    },
    animate: false,
    fit: false,
  });
}
