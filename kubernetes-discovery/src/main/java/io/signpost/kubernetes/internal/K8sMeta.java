package io.signpost.kubernetes.internal;

import java.util.Map;

/** The metadata keys Hyrouter gives every discovered backend. */
final class K8sMeta {

  static final String NAMESPACE = "k8s.namespace";
  static final String NAME = "k8s.name";
  static final String NODE = "k8s.node";

  private K8sMeta() {}

  static void fill(Map<String, String> meta, String namespace, String name, String node) {
    if (namespace != null && !namespace.isEmpty()) {
      meta.put(NAMESPACE, namespace);
    }
    if (name != null && !name.isEmpty()) {
      meta.put(NAME, name);
    }
    if (node != null && !node.isEmpty()) {
      meta.put(NODE, node);
    }
  }
}
