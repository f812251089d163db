package io.signpost.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.chain.PluginStep;
import io.signpost.chain.ShadowVerdict;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The JSON form of decision traces, as served by {@code /debug/decisions}.
 *
 * <p>Field names are snake_case; every field is always present (null when unknown); times are
 * ISO-8601 UTC strings and durations are fractional milliseconds ({@code duration_ms}). Enums use
 * their lower-case config or tag names. Thread-safe.
 *
 * <pre>{@code
 * {"time": "2026-01-01T12:00:00.123Z", "sni": "play.example.com", "alpn": "hytale/2",
 *  "client_address": null, "route": "routes[0]", "strategy": "round_robin",
 *  "candidates": ["10.0.0.1:5520"], "backend": "10.0.0.1:5520", "outcome": "referral",
 *  "reason": null, "duration_ms": 1.25, "username": "al***", "uuid": null,
 *  "discovery_provider": "agones", "discovered": ["10.0.0.1:5520"],
 *  "steps": [{"plugin": "auth", "stage": "deny", "duration_ms": 0.8, "changes": [],
 *             "ignored": [], "failure": null, "error": null, "policy": null, "shadow": null},
 *            {"plugin": "auth-next", "stage": "deny", "duration_ms": 0.7, "changes": ["deny"],
 *             "ignored": [], "failure": null, "error": null, "policy": null,
 *             "shadow": {"result": "disagree", "disagreements": ["deny"]}}]}
 * }</pre>
 */
public final class DecisionJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DecisionJson() {}

  /**
   * {@code {"decisions": [...], "omitted": N}}: the given traces in the given order, as many as fit
   * in {@code maxBytes} of UTF-8, and how many did not. Traces are encoded one at a time, so the
   * memory this takes is the answer plus one trace, whatever the log holds.
   */
  public static byte[] write(List<DecisionTrace> traces, int maxBytes) {
    byte[] head = "{\"decisions\":[".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 64 << 10));
    out.writeBytes(head);
    int written = 0;
    for (DecisionTrace trace : traces) {
      byte[] one;
      try {
        one = MAPPER.writeValueAsBytes(toTree(trace));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      int separator = written == 0 ? 0 : 1;
      if ((long) out.size() + separator + one.length + TAIL_BYTES > maxBytes) {
        break;
      }
      if (separator == 1) {
        out.write(',');
      }
      out.writeBytes(one);
      written++;
    }
    out.writeBytes(
        ("],\"omitted\":" + (traces.size() - written) + "}").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Room kept for {@code ],"omitted":N}} after the last trace. */
  private static final int TAIL_BYTES = 24;

  /** One trace as a JSON tree. */
  public static ObjectNode toTree(DecisionTrace trace) {
    ObjectNode node = NODES.objectNode();
    node.put("time", trace.time().toString());
    node.put("sni", trace.sni());
    node.put("alpn", trace.alpn());
    node.put("client_address", trace.clientAddress());
    node.put("route", trace.route());
    node.put("strategy", trace.strategy());
    strings(node.putArray("candidates"), trace.candidates());
    node.put("backend", trace.backend());
    node.put("outcome", trace.outcome().tag());
    node.put("reason", trace.reason());
    node.put("duration_ms", millis(trace.duration()));
    node.put("username", trace.username());
    node.put("uuid", trace.uuid());
    node.put("discovery_provider", trace.discoveryProvider());
    strings(node.putArray("discovered"), trace.discovered());
    ArrayNode steps = node.putArray("steps");
    trace.steps().forEach(s -> steps.add(step(s)));
    return node;
  }

  private static ObjectNode step(PluginStep step) {
    ObjectNode node = NODES.objectNode();
    node.put("plugin", step.plugin());
    node.put("stage", step.stage().configName());
    node.put("duration_ms", millis(step.duration()));
    strings(node.putArray("changes"), step.changes());
    strings(node.putArray("ignored"), step.ignored());
    node.put("failure", step.failure() == null ? null : step.failure().tag());
    node.put("error", step.error());
    node.put("policy", step.policy() == null ? null : step.policy().configName());
    ShadowVerdict shadow = step.shadow();
    if (shadow == null) {
      node.putNull("shadow");
    } else {
      ObjectNode verdict = node.putObject("shadow");
      verdict.put("result", shadow.result().tag());
      ArrayNode kinds = verdict.putArray("disagreements");
      for (ShadowVerdict.Disagreement d : ShadowVerdict.Disagreement.values()) {
        if (shadow.disagreements().contains(d)) {
          kinds.add(d.tag());
        }
      }
    }
    return node;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1_000_000.0;
  }
}
