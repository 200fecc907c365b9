/**
 * Search and browse over what data products publish about themselves: a Lucene index of product
 * names, ports, columns, descriptions, tags, owners and domains, ranked by the field that matched,
 * tolerant of typos, with facets. {@link io.quanta.catalog.search.SearchIndex} is the entry point;
 * the platform feeds it the deployed products through a {@link
 * io.quanta.catalog.search.SearchSource} and tells it which products changed.
 */
package io.quanta.catalog.search;
