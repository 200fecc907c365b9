// The third-party libraries of the UI, from the WebJars in the platform's dependencies (served at
// /webjars/ from the jar; no CDN, no Node build). Their versions are those of the root pom.xml's
// dependencyManagement: change both together. dagre has no ES module build: index.html loads it as
// a classic script, which runs before any module.
export { default as cytoscape } from "/webjars/cytoscape/3.33.1/dist/cytoscape.esm.min.mjs";
export { marked } from "/webjars/marked/17.0.1/lib/marked.esm.js";
export { default as DOMPurify } from "/webjars/dompurify/3.3.3/dist/purify.es.mjs";

/** The layered graph layout (dagre 0.8, with graphlib and lodash bundled). */
export const dagre = globalThis.dagre;
