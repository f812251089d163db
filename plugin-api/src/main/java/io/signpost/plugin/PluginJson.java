package io.signpost.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.annotation.Nullable;
import io.signpost.json.GoJson;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The JSON encoding of {@link ConnectRequest} and {@link ConnectResponse} shared by every plugin
 * backend, so Wasm modules, gRPC services and the command line see byte-identical documents.
 *
 * <p>Rules (seed 001 and Hyrouter): snake_case names; byte fields as standard base64 strings;
 * unknown fields ignored; in responses the referral bytes may be named {@code referral_content} or
 * {@code referral_data}; in requests the current content is sent under both names. Documents are
 * decoded as Hyrouter's Go {@code encoding/json} decodes them ({@link GoJson}): names match without
 * regard to case ({@code {"Deny":true}} is a deny), and of a repeated name the last wins.
 * Thread-safe.
 */
public final class PluginJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(8 << 20).build());
  }

  private static final GoJson GO_JSON =
      new GoJson(
          StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(8 << 20).build());

  /** The one-pass decoder {@link #decodeResponse} tries first; package-private for its test. */
  static final StreamingResponseDecoder STREAMING =
      new StreamingResponseDecoder(GO_JSON, MAPPER.getDeserializationConfig().getBase64Variant());

  /** Field names of a response and a request, and of a backend inside them. */
  private static final Set<String> RESPONSE_FIELDS =
      Set.of(StreamingResponseDecoder.RESPONSE_NAMES);

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "event",
          "strategy",
          "candidates",
          "selected_index",
          "backend",
          "referral_content",
          "referral_data");
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "sni",
          "client_cert_fingerprint",
          "client_cert_fingerprint_hex",
          "protocol_hash",
          "client_type",
          "uuid",
          "username",
          "language",
          "identity_token_present",
          "alpn");
  private static final Set<String> BACKEND_FIELDS = Set.of("host", "port", "weight", "meta");

  private PluginJson() {}

  /** Encodes a request as UTF-8 JSON. */
  public static byte[] encodeRequest(ConnectRequest request) {
    try {
      return MAPPER.writeValueAsBytes(RequestJson.of(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode ConnectRequest", e);
    }
  }

  /** Encodes a response as UTF-8 JSON. */
  public static byte[] encodeResponse(ConnectResponse response) {
    try {
      return MAPPER.writeValueAsBytes(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode ConnectResponse", e);
    }
  }

  /**
   * Decodes a plugin's response.
   *
   * <p>The meaning is the tree decoder's ({@link #decodeResponseTree}): read the document with
   * {@link GoJson}, match names to fields, bind with Jackson. Answers in the forms plugins send
   * ({@code {}}, or an object with each field once and of its JSON type) are decoded in one
   * streaming pass without a tree ({@link StreamingResponseDecoder}), to the same response; any
   * other input, every invalid one included, goes through the tree decoder, so what is refused and
   * the message it is refused with are the tree decoder's.
   *
   * @throws InvalidPluginJsonException when the bytes are not a JSON object of the expected shape
   */
  public static ConnectResponse decodeResponse(byte[] json) {
    ConnectResponse streamed = STREAMING.tryDecode(json);
    return streamed != null ? streamed : decodeResponseTree(json);
  }

  /**
   * Decodes a plugin's response through a {@link JsonNode} tree: the definition {@link
   * #decodeResponse} keeps, and what it falls back to for any input the streaming decoder leaves.
   * Package-private for the test that compares the two.
   */
  static ConnectResponse decodeResponseTree(byte[] json) {
    try {
      JsonNode tree = GO_JSON.read(json);
      if (tree.isNull()) {
        throw new InvalidPluginJsonException("response is JSON null (expected: an object)");
      }
      if (tree instanceof ObjectNode object) {
        GoJson.matchFields(object, RESPONSE_FIELDS);
        matchBackends(object);
      }
      return MAPPER.treeToValue(tree, ConnectResponse.class);
    } catch (IOException e) {
      throw new InvalidPluginJsonException("response is not valid JSON: " + describe(e));
    }
  }

  /**
   * Decodes a request, as a plugin server does.
   *
   * @throws InvalidPluginJsonException when the bytes are not a JSON object of the expected shape
   */
  public static ConnectRequest decodeRequest(byte[] json) {
    try {
      JsonNode tree = GO_JSON.read(json);
      if (tree.isNull()) {
        throw new InvalidPluginJsonException("request is JSON null (expected: an object)");
      }
      if (tree instanceof ObjectNode object) {
        GoJson.matchFields(object, REQUEST_FIELDS);
        matchBackends(object);
        if (object.get("event") instanceof ObjectNode event) {
          GoJson.matchFields(event, EVENT_FIELDS);
        }
      }
      return MAPPER.treeToValue(tree, RequestJson.class).toRequest();
    } catch (IOException e) {
      throw new InvalidPluginJsonException("request is not valid JSON: " + describe(e));
    }
  }

  /** Matches the field names of {@code backend} and of every {@code candidates} entry. */
  private static void matchBackends(ObjectNode object) {
    if (object.get("backend") instanceof ObjectNode backend) {
      GoJson.matchFields(backend, BACKEND_FIELDS);
    }
    if (object.get("candidates") instanceof ArrayNode list) {
      for (JsonNode entry : list) {
        if (entry instanceof ObjectNode candidate) {
          GoJson.matchFields(candidate, BACKEND_FIELDS);
        }
      }
    }
  }

  private static String describe(IOException e) {
    return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
  }

  /** The shared mapper, for callers that embed plugin JSON in larger documents. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Thrown when plugin JSON does not decode. */
  public static final class InvalidPluginJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPluginJsonException(String message) {
      super(message);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RequestJson(
      @JsonProperty("event") @Nullable ConnectEvent event,
      @JsonProperty("strategy") @Nullable String strategy,
      @JsonProperty("candidates") @Nullable List<Backend> candidates,
      @JsonProperty("selected_index") int selectedIndex,
      @JsonProperty("backend") @Nullable Backend backend,
      @JsonProperty("referral_content") @Nullable byte[] referralContent,
      @JsonProperty("referral_data") @Nullable byte[] referralData) {

    static RequestJson of(ConnectRequest r) {
      byte[] content = r.referralContent();
      byte[] sent = content.length == 0 ? null : content;
      return new RequestJson(
          r.event(), r.strategy(), r.candidates(), r.selectedIndex(), r.backend(), sent, sent);
    }

    ConnectRequest toRequest() {
      byte[] content = referralContent != null ? referralContent : referralData;
      return new ConnectRequest(
          event == null ? ConnectEvent.ofSni("") : event,
          strategy,
          candidates,
          selectedIndex,
          backend == null ? Backend.of("", 0) : backend,
          content);
    }
  }
}
