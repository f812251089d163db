/**
 * Reading a configuration tree with paths: {@link io.signpost.configtree.ConfigNode} is a position
 * in the document that knows its path and where problems go, {@link
 * io.signpost.configtree.ConfigProblem} is one thing wrong at a path, {@link
 * io.signpost.configtree.UnknownKeys} the one check for keys an object does not know. The router's
 * configuration loader and every plugin factory read their sections with these types, so every
 * message has the same form ({@code plugins[1].wasm.pool_size: 0 (expected: an integer in
 * 1..1024)}). Depends on Jackson's tree model and {@code io.signpost.text} only.
 */
package io.signpost.configtree;
