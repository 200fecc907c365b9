/**
 * The mesh experience plane: what works across products. Search ({@code search}) indexes what each
 * product publishes about itself; the graphs ({@code graph}) answer which products expose an
 * identifier type, how two products join, which links are broken, and the lineage of products,
 * ports and columns. Everything here is computed from deployed specs: the platform feeds it.
 */
package io.quanta.catalog;
