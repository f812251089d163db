package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A section's {@code metadata}: which labels and annotations become backend metadata, as {@code
 * label.<key>} and {@code annotation.<key>}.
 */
record MetadataSpec(List<String> includeLabels, List<String> includeAnnotations) {

  static MetadataSpec read(JsonNode metadata) {
    return new MetadataSpec(
        Sections.texts(metadata, "include_labels"),
        Sections.texts(metadata, "include_annotations"));
  }

  /** Copies the selected labels and annotations that are present into {@code meta}. */
  void copy(Map<String, String> labels, Map<String, String> annotations, Map<String, String> meta) {
    for (String k : includeLabels) {
      String v = labels == null ? null : labels.get(k);
      if (v != null) {
        meta.put("label." + k, v);
      }
    }
    for (String k : includeAnnotations) {
      String v = annotations == null ? null : annotations.get(k);
      if (v != null) {
        meta.put("annotation." + k, v);
      }
    }
  }
}
