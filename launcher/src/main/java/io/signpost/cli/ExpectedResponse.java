package io.signpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An expected {@code ConnectResponse} of a {@code plugin test} case, compared with what the plugin
 * answered as JSON: every field the expected document names must match, fields it does not name are
 * not checked. Objects match field by field, recursively; arrays element by element and in length;
 * numbers by value ({@code 1} matches {@code 1.0}); {@code null} matches an absent field.
 *
 * <p>Two conveniences for hand-written files: {@code referral_data} is read as {@code
 * referral_content} (as the router reads responses), and {@code referral_text} compares the
 * referral content decoded as UTF-8 text, instead of its base64.
 */
final class ExpectedResponse {

  private final JsonNode expected;

  private ExpectedResponse(JsonNode expected) {
    this.expected = expected;
  }

  /**
   * @throws IllegalArgumentException when the document is not a JSON object
   */
  static ExpectedResponse of(JsonNode document) {
    if (!document.isObject()) {
      throw new IllegalArgumentException(
          "expected response is " + kind(document) + " (expected: a JSON object)");
    }
    ObjectNode copy = ((ObjectNode) document).deepCopy();
    JsonNode data = copy.remove("referral_data");
    if (data != null && !copy.has("referral_content")) {
      copy.set("referral_content", data);
    }
    return new ExpectedResponse(copy);
  }

  /**
   * The differences, one line each ({@code deny_reason: expected "a", got "b"}); empty when the
   * answer matches.
   *
   * @param actual the plugin's answer as the router decoded it, re-encoded as JSON
   */
  List<String> mismatches(JsonNode actual) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("referral_text")) {
        compareReferralText(field.getValue(), actual.path("referral_content"), out);
      } else {
        compare(field.getKey(), field.getValue(), actual.path(field.getKey()), out);
      }
    }
    return out;
  }

  private static void compare(String path, JsonNode want, JsonNode got, List<String> out) {
    if (want.isNull()) {
      if (!got.isMissingNode() && !got.isNull()) {
        out.add(path + ": expected absent or null, got " + show(got));
      }
      return;
    }
    if (want.isObject()) {
      if (!got.isObject()) {
        out.add(path + ": expected an object, got " + show(got));
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        compare(path + "." + f.getKey(), f.getValue(), got.path(f.getKey()), out);
      }
      return;
    }
    if (want.isArray()) {
      if (!got.isArray() || got.size() != want.size()) {
        out.add(path + ": expected " + show(want) + ", got " + show(got));
        return;
      }
      for (int i = 0; i < want.size(); i++) {
        compare(path + "[" + i + "]", want.get(i), got.get(i), out);
      }
      return;
    }
    boolean same =
        want.isNumber() && got.isNumber()
            ? want.decimalValue().compareTo(got.decimalValue()) == 0
            : want.equals(got);
    if (!same) {
      out.add(path + ": expected " + show(want) + ", got " + show(got));
    }
  }

  private static void compareReferralText(JsonNode want, JsonNode got, List<String> out) {
    if (!want.isTextual()) {
      out.add("referral_text: expected a string in the expected response, got " + show(want));
      return;
    }
    if (!got.isTextual()) {
      out.add("referral_text: expected \"" + want.asText() + "\", got " + show(got));
      return;
    }
    String text = new String(Base64.getDecoder().decode(got.asText()), StandardCharsets.UTF_8);
    if (!text.equals(want.asText())) {
      out.add("referral_text: expected " + show(want) + ", got " + show(TextNode.valueOf(text)));
    }
  }

  private static String show(JsonNode node) {
    return node == null || node.isMissingNode() ? "(absent)" : node.toString();
  }

  private static String kind(JsonNode node) {
    return node instanceof MissingNode
        ? "empty"
        : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
