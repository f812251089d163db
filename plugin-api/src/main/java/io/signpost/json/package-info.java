/**
 * JSON read the way Go's {@code encoding/json} reads it into a struct, for documents written for
 * Hyrouter: configuration files and plugin answers. {@link io.signpost.json.GoJson} builds the tree
 * (a repeated member wins over an earlier one, repeated objects are merged) and matches member
 * names to field names without regard to case.
 */
package io.signpost.json;
