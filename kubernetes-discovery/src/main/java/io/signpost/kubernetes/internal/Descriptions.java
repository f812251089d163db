package io.signpost.kubernetes.internal;

import io.signpost.text.GoDuration;
import java.util.ArrayList;
import java.util.List;

/** One-line descriptions of what a provider watches, for {@code validate} and the startup log. */
public final class Descriptions {

  private Descriptions() {}

  /** For example {@code pods in [default] labels app=game port 5520 (in-cluster ...)}. */
  public static String kubernetes(KubernetesSettings s) {
    List<String> parts = new ArrayList<>();
    for (KubernetesSettings.Resource r : s.resources()) {
      StringBuilder sb = new StringBuilder();
      switch (r.kind()) {
        case PODS -> sb.append("pods");
        case ENDPOINT_SLICES ->
            sb.append("endpointslices")
                .append(r.serviceName().isEmpty() ? "" : " of service " + r.serviceName());
        case UNKNOWN -> {
          continue;
        }
      }
      List<String> ns = r.namespaces(s.namespaces());
      sb.append(" in ").append(ns.isEmpty() ? "all namespaces" : ns);
      if (!r.labels().isEmpty()) {
        sb.append(" labels ").append(r.labels());
      }
      if (!r.annotations().required().isEmpty()) {
        sb.append(" annotations ").append(r.annotations());
      }
      sb.append(" port ").append(r.port());
      parts.add(sb.toString());
    }
    return (parts.isEmpty() ? "nothing" : String.join("; ", parts))
        + (s.kubeconfig().isEmpty()
            ? " (in-cluster or default kubeconfig)"
            : " via " + s.kubeconfig());
  }

  /** For example {@code observe GameServers in [default] in state [ready] port "gameport"}. */
  public static String agones(AgonesSettings s) {
    StringBuilder sb = new StringBuilder();
    if (s.allocate()) {
      sb.append("allocate a GameServer per connection in ")
          .append(s.namespaces().isEmpty() ? "default" : s.namespaces().get(0))
          .append(" from state ")
          .append(s.allocationState());
      if (!s.allocateMinInterval().isZero()) {
        sb.append(", at most one every ").append(GoDuration.format(s.allocateMinInterval()));
      }
    } else {
      sb.append("observe GameServers in ")
          .append(s.namespaces().isEmpty() ? "all namespaces" : s.namespaces())
          .append(" in state ")
          .append(s.states());
    }
    if (!s.labels().isEmpty()) {
      sb.append(" labels ").append(s.labels());
    }
    if (!s.allocate() && !s.annotations().required().isEmpty()) {
      sb.append(" annotations ").append(s.annotations());
    }
    sb.append(" port ").append(s.port().isUnset() ? "first" : s.port().toString());
    sb.append(
        s.kubeconfig().isEmpty()
            ? " (in-cluster or default kubeconfig)"
            : " via " + s.kubeconfig());
    return sb.toString();
  }
}
