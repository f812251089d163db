package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.kubernetes.internal.LabelSelector.Requirement;

/**
 * The {@code GameServerAllocation} a connection sends: from the configured state (the first, {@code
 * Ready} by default), requiring the label selector (equalities as {@code matchLabels}, the rest as
 * {@code matchExpressions}), named {@code signpost-<random>} by the API server.
 */
final class AllocationRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AllocationRequest() {}

  /**
   * The request body.
   *
   * @throws IllegalArgumentException when the selector uses {@code >} or {@code <}, which a
   *     GameServerAllocation cannot express (validation reports it first)
   */
  static String body(AgonesSettings settings) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", GameServers.ALLOCATION_API);
    root.put("kind", "GameServerAllocation");
    root.putObject("metadata").put("generateName", "signpost-");
    ObjectNode spec = root.putObject("spec");
    spec.put("gameServerState", settings.allocationState());
    ObjectNode required = spec.putObject("required");
    ObjectNode matchLabels = required.putObject("matchLabels");
    ArrayNode expressions = JSON.createArrayNode();
    for (Requirement r : settings.labels().requirements()) {
      switch (r.operator()) {
        case EQUALS -> matchLabels.put(r.key(), r.values().get(0));
        case IN -> expression(expressions, r, "In");
        case NOT_EQUALS, NOT_IN -> expression(expressions, r, "NotIn");
        case EXISTS -> expression(expressions, r, "Exists");
        case DOES_NOT_EXIST -> expression(expressions, r, "DoesNotExist");
        case GREATER_THAN, LESS_THAN ->
            throw new IllegalArgumentException(
                "selector.labels: " + r.key() + " uses > or <, which an allocation cannot express");
      }
    }
    if (!expressions.isEmpty()) {
      required.set("matchExpressions", expressions);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void expression(ArrayNode expressions, Requirement r, String operator) {
    ObjectNode e = expressions.addObject();
    e.put("key", r.key());
    e.put("operator", operator);
    if (!r.values().isEmpty()) {
      ArrayNode values = e.putArray("values");
      r.values().forEach(values::add);
    }
  }
}
