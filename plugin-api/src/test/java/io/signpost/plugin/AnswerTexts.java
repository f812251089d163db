package io.signpost.plugin;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random plugin answers as JSON text, for comparing decoders. {@link #plain} answers use only the
 * forms plugins send (each field once, of its JSON type, any spelling of its name, unknown fields,
 * whitespace, escapes); {@link #any} answers add repeated fields and values of other types; {@link
 * #broken} ones are damaged until they are mostly not JSON or not an object. Deterministic for a
 * given {@link Random}.
 */
final class AnswerTexts {

  private static final String[] RESPONSE_FIELDS = {
    "deny",
    "deny_reason",
    "candidates",
    "selected_index",
    "backend",
    "referral_content",
    "referral_data"
  };
  private static final String[] BACKEND_FIELDS = {"host", "port", "weight", "meta"};

  /** Names no field has, some of them close to one (Java names, @JsonIgnore'd ones, plurals). */
  private static final String[] UNKNOWN_NAMES = {
    "denyReason",
    "selectedIndex",
    "referralContent",
    "referralData",
    "usable",
    "address",
    "EMPTY",
    "",
    "x",
    "deny_reasons",
    "backends",
    "candidate",
    "deny ",
    "referral",
    "host",
    "meta",
    "port",
    "\u00e9t\u00e9",
    "\ud83d\ude00",
    "deny\u0000"
  };

  /** Integers at the edges of what an {@code int} field takes, and beyond. */
  private static final String[] INTS = {
    "0",
    "-0",
    "1",
    "-1",
    "7",
    "5520",
    "65535",
    "65536",
    "2147483647",
    "-2147483648",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890"
  };

  /** Values of other types than an {@code int} field's, or that data binding would coerce. */
  private static final String[] ODD_INTS = {
    "1.0", "1.5", "-0.0", "1e2", "1E400", "\"5\"", "\"\"", "true", "false", "[]", "{}", "[1]"
  };

  private static final String[] WHITESPACE = {" ", "\n", "\t", "\r\n", "  \t "};

  private final Random random;
  private final boolean plain;

  private AnswerTexts(Random random, boolean plain) {
    this.random = random;
    this.plain = plain;
  }

  /** An answer in the forms plugins send, which the streaming decoder must take itself. */
  static byte[] plain(Random random) {
    return new AnswerTexts(random, true).answer().getBytes(UTF_8);
  }

  /** A mostly valid answer: may repeat fields and give values of other types. */
  static byte[] any(Random random) {
    return new AnswerTexts(random, false).answer().getBytes(UTF_8);
  }

  /** A damaged answer: truncated, spliced, wrapped, not an object, too deep, bad bytes. */
  static byte[] broken(Random random) {
    AnswerTexts texts = new AnswerTexts(random, false);
    byte[] doc = random.nextInt(3) == 0 ? plain(random) : any(random);
    return switch (random.nextInt(9)) {
      case 0 -> truncate(doc, random);
      case 1 -> splice(doc, random);
      case 2 -> deleteByte(doc, random);
      case 3 -> concat(doc, pick(random, TRAILING).getBytes(UTF_8));
      case 4 -> pick(random, NOT_AN_OBJECT).getBytes(UTF_8);
      case 5 -> texts.deep().getBytes(UTF_8);
      case 6 -> badBytes(doc, random);
      case 7 -> splice(splice(truncate(doc, random), random), random);
      default -> texts.wrongContainer().getBytes(UTF_8);
    };
  }

  private static final String[] TRAILING = {
    " x", "}", "]", "{}", ",", " null", "\u0000", "/", "/* c */", "//", " 1", "\"", ",{}"
  };

  private static final String[] NOT_AN_OBJECT = {
    "null",
    " null ",
    "[]",
    "[{}]",
    "[{\"deny\":true}]",
    "\"x\"",
    "\"\"",
    "\"eA==\"",
    "5",
    "-1.5",
    "true",
    "false",
    "",
    "   ",
    "\n",
    "{} {}",
    "{},",
    "{}x",
    "nul",
    "{'deny':true}",
    "{deny:true}",
    "/*c*/{}",
    "{}//",
    "NaN",
    "{\"deny\":NaN}",
    "{\"deny\":true,}",
    "{,}",
    "{\"deny\"}",
    "{\"deny\":}",
    "{\"deny\" true}",
    "{\"deny\":tru}",
    "{\"selected_index\":01}",
    "{\"selected_index\":+1}",
    "{\"selected_index\":1.}",
    "{\"selected_index\":.5}",
    "{\"deny_reason\":\"\\x\"}",
    "{\"deny_reason\":\"\\u12\"}",
    "{\"deny_reason\":\"a\tb\"}",
    "{\"deny_reason\":\"\\ud800\"}",
    "\u00a0{}",
    "\u000b{}",
    "{}\u000c",
    "{\u0000}"
  };

  /** Bytes that are not UTF-8, or a byte order mark, or UTF-16 with its zero bytes. */
  private static byte[] badBytes(byte[] doc, Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, doc);
      case 1 -> "{\"deny_reason\":\"\u00e9t\u00e9\"}".getBytes(UTF_16LE);
      case 2 -> "{\"deny\":true}".getBytes(UTF_16BE);
      case 3 ->
          concat(
              "{\"deny_reason\":\"a".getBytes(UTF_8),
              new byte[] {(byte) (0x80 + random.nextInt(0x80))},
              "\"}".getBytes(UTF_8));
      case 4 ->
          concat(
              "{\"x\":\"".getBytes(UTF_8),
              new byte[] {(byte) 0xC3, (byte) random.nextInt(0x100)},
              "\",\"deny\":true}".getBytes(UTF_8));
      default ->
          concat(
              "{\"".getBytes(UTF_8),
              new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
              "\":1}".getBytes(UTF_8));
    };
  }

  private static byte[] truncate(byte[] doc, Random random) {
    return doc.length == 0 ? doc : Arrays.copyOf(doc, random.nextInt(doc.length));
  }

  private static final byte[] SPLICE = "{}[],:\"\\x0-.eE /n\u0000".getBytes(UTF_8);

  private static byte[] splice(byte[] doc, Random random) {
    int at = random.nextInt(doc.length + 1);
    byte b = SPLICE[random.nextInt(SPLICE.length)];
    byte[] out = new byte[doc.length + 1];
    System.arraycopy(doc, 0, out, 0, at);
    out[at] = b;
    System.arraycopy(doc, at, out, at + 1, doc.length - at);
    return out;
  }

  private static byte[] deleteByte(byte[] doc, Random random) {
    if (doc.length == 0) {
      return doc;
    }
    int at = random.nextInt(doc.length);
    byte[] out = new byte[doc.length - 1];
    System.arraycopy(doc, 0, out, 0, at);
    System.arraycopy(doc, at + 1, out, at, doc.length - at - 1);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** Nesting around the parser's limit of 64, in a field the decoders skip or read. */
  private String deep() {
    int depth = 60 + random.nextInt(8);
    String where = pick(random, new String[] {"x", "backend", "candidates", "meta"});
    StringBuilder open = new StringBuilder("{\"").append(where).append("\":");
    StringBuilder close = new StringBuilder("}");
    for (int i = 1; i < depth; i++) {
      boolean array = random.nextBoolean();
      open.append(array ? "[" : "{\"k\":");
      close.insert(0, array ? ']' : '}');
    }
    return open.append('1').append(close).toString();
  }

  /** A field's value in a container of the wrong kind, or a list of the wrong entries. */
  private String wrongContainer() {
    return pick(
        random,
        new String[] {
          "{\"candidates\":{}}",
          "{\"candidates\":{\"host\":\"a\"}}",
          "{\"candidates\":[null]}",
          "{\"candidates\":[1]}",
          "{\"candidates\":[[]]}",
          "{\"candidates\":[{\"host\":\"a\"},null]}",
          "{\"candidates\":\"a\"}",
          "{\"backend\":[]}",
          "{\"backend\":[{\"host\":\"a\"}]}",
          "{\"backend\":\"a:1\"}",
          "{\"backend\":{\"meta\":[]}}",
          "{\"backend\":{\"meta\":\"a\"}}",
          "{\"backend\":{\"meta\":{\"a\":null}}}",
          "{\"backend\":{\"meta\":{\"a\":{}}}}",
          "{\"backend\":{\"host\":{}}}",
          "{\"backend\":{\"host\":[]}}",
          "{\"referral_content\":{}}",
          "{\"referral_content\":\"eA\"}",
          "{\"referral_content\":\"e===\"}",
          "{\"referral_content\":\"!!!!\"}",
          "{\"referral_content\":[1,\"a\"]}",
          "{\"deny\":{}}",
          "{\"deny\":[]}",
          "{\"deny_reason\":{}}",
          "{\"deny_reason\":[\"a\"]}",
          "{\"selected_index\":{}}"
        });
  }

  // ---- valid-looking answers ----

  private String answer() {
    List<String> members = new ArrayList<>();
    boolean referral = false;
    for (String field : RESPONSE_FIELDS) {
      if (random.nextInt(3) == 0 || (plain && referral && field.equals("referral_data"))) {
        continue;
      }
      referral |= field.startsWith("referral");
      members.add(member(field, responseValue(field)));
      if (!plain && random.nextInt(6) == 0) {
        members.add(member(field, responseValue(field)));
      }
    }
    if (!plain && random.nextInt(8) == 0) {
      // both referral spellings, and the repeated backend objects the tree decoder merges
      members.add(member("referral_data", base64()));
      members.add(member("backend", backend()));
    }
    int unknown = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
    for (int i = 0; i < unknown; i++) {
      members.add(member(unknownName(RESPONSE_FIELDS), anyValue(3)));
    }
    Collections.shuffle(members, random);
    return ws() + "{" + String.join(",", members) + ws() + "}" + ws();
  }

  /** A name that is no field of {@code fields} in a plain answer; any name otherwise. */
  private String unknownName(String[] fields) {
    while (true) {
      String name = pick(random, UNKNOWN_NAMES);
      boolean isField = false;
      for (String field : fields) {
        isField |= field.equalsIgnoreCase(name);
      }
      if (!plain || !isField) {
        return name;
      }
    }
  }

  private String member(String field, String value) {
    return ws() + string(spell(field)) + ws() + ":" + ws() + value;
  }

  /** The field name as a plugin might spell it: exact, in other cases, with Unicode folds. */
  private String spell(String field) {
    int how = random.nextInt(10);
    if (how < 5) {
      return field;
    }
    if (how == 5) {
      return field.toUpperCase(Locale.ROOT);
    }
    if (how == 6) {
      // Hyrouter's Go struct names: Deny_Reason, Selected_Index
      StringBuilder b = new StringBuilder();
      boolean up = true;
      for (char c : field.toCharArray()) {
        b.append(up ? Character.toUpperCase(c) : c);
        up = c == '_';
      }
      return b.toString();
    }
    StringBuilder b = new StringBuilder();
    for (char c : field.toCharArray()) {
      int r = random.nextInt(4);
      if (c == 'k' && r == 0) {
        b.append('\u212A'); // KELVIN SIGN folds to k
      } else if (c == 's' && r == 0) {
        b.append('\u017F'); // LONG S folds to s
      } else if (c == 'i' && r == 0) {
        b.append(random.nextBoolean() ? '\u0130' : '\u0131'); // dotted capital, dotless small
      } else if (r == 1) {
        b.append(Character.toUpperCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private String responseValue(String field) {
    if (random.nextInt(8) == 0) {
      return "null";
    }
    if (!plain && random.nextInt(10) == 0) {
      return odd(field);
    }
    return switch (field) {
      case "deny" -> random.nextBoolean() ? "true" : "false";
      case "deny_reason" -> string(text());
      case "candidates" -> candidates();
      case "selected_index" -> pickInt();
      case "backend" -> backend();
      default -> base64();
    };
  }

  /** A value of another type than the field's. */
  private String odd(String field) {
    return switch (field) {
      case "deny" -> pick(random, new String[] {"0", "1", "2", "\"true\"", "\"\"", "[]", "1.5"});
      case "deny_reason" -> pick(random, new String[] {"5", "-1.50", "true", "[]", "{}", "1e3"});
      case "candidates" -> pick(random, new String[] {"{}", "[null]", "[1]", "\"x\"", "[[]]"});
      case "selected_index" -> pick(random, ODD_INTS);
      case "backend" -> pick(random, new String[] {"[]", "\"x\"", "1", "true", "[{}]"});
      default -> oddBase64();
    };
  }

  private String candidates() {
    int n = random.nextInt(4);
    List<String> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(ws() + backend() + ws());
    }
    return "[" + String.join(",", list) + ws() + "]";
  }

  private String backend() {
    List<String> members = new ArrayList<>();
    for (String field : BACKEND_FIELDS) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      members.add(member(field, backendValue(field)));
      if (!plain && random.nextInt(6) == 0) {
        members.add(member(field, backendValue(field)));
      }
    }
    if (random.nextInt(4) == 0) {
      members.add(member(unknownName(BACKEND_FIELDS), anyValue(2)));
    }
    Collections.shuffle(members, random);
    return "{" + String.join(",", members) + ws() + "}";
  }

  private String backendValue(String field) {
    if (random.nextInt(10) == 0) {
      return "null";
    }
    if (!plain && random.nextInt(10) == 0) {
      return switch (field) {
        case "host" -> pick(random, new String[] {"5", "true", "[]", "{}", "1.5"});
        case "meta" -> pick(random, new String[] {"[]", "\"a\"", "1"});
        default -> pick(random, ODD_INTS);
      };
    }
    return switch (field) {
      case "host" ->
          string(
              pick(
                  random,
                  new String[] {
                    "", "a", "play.example.com", "10.0.0.7", "::1", "fe80::1%eth0", " ", text()
                  }));
      case "meta" -> meta();
      default -> pickInt();
    };
  }

  private String meta() {
    int n = random.nextInt(4);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = pick(random, new String[] {"zone", "Zone", "ZONE", "load", "a", "", text()});
      String value;
      if (!plain && random.nextInt(5) == 0) {
        value = pick(random, new String[] {"null", "1", "1.50", "true", "{}", "[]", "-0"});
      } else {
        value = string(text());
      }
      entries.add(ws() + string(key) + ws() + ":" + ws() + value);
    }
    return "{" + String.join(",", entries) + ws() + "}";
  }

  private String pickInt() {
    String v = pick(random, INTS);
    boolean inRange = plain || random.nextInt(4) != 0;
    return inRange && !fitsInt(v) ? String.valueOf(random.nextInt()) : v;
  }

  private static boolean fitsInt(String v) {
    try {
      Integer.parseInt(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private String base64() {
    byte[] bytes = new byte[random.nextInt(random.nextInt(8) == 0 ? 300 : 24)];
    random.nextBytes(bytes);
    String text = Base64.getEncoder().encodeToString(bytes);
    if (random.nextInt(10) == 0) {
      text = " " + text + "\n"; // surrounding whitespace, which the tree decoder trims
    }
    return string(text);
  }

  private String oddBase64() {
    return pick(
        random,
        new String[] {
          "\"eA\"", // no padding
          "\"eA=\"",
          "\"eB==\"", // bits after the last byte: ignored
          "\"eAB=\"",
          "\"+/+/\"",
          "\"eA==\\u0000\"",
          "\"\\u0065A==\"", // an escaped e
          "\"====\"",
          "\"e===\"",
          "\"=eA=\"",
          "\"e\"",
          "\"-_-_\"", // URL-safe alphabet
          "\"eA==eA==\"",
          "\"e A = =\"",
          "\"eA==\\n\"",
          "\"!!!!\"",
          "\"\"",
          "[1,2,255]",
          "[]",
          "[-129]",
          "5",
          "true",
          "{}"
        });
  }

  /** Any JSON value, nested up to {@code depth} more levels. */
  private String anyValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> pick(random, INTS);
      case 3 ->
          pick(
              random,
              new String[] {
                "1.5", "-0.0", "1e400", "-1E-400", "2.5e+10", "0.1", "1" + "0".repeat(400)
              });
      case 4, 5 -> string(text());
      case 6 -> {
        int n = random.nextInt(4);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(ws() + anyValue(depth - 1));
        }
        yield "[" + String.join(",", items) + ws() + "]";
      }
      default -> {
        int n = random.nextInt(4);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          // repeated names within an unknown object are merged by the tree decoder
          String name = random.nextBoolean() ? "k" : text();
          items.add(ws() + string(name) + ":" + ws() + anyValue(depth - 1));
        }
        yield "{" + String.join(",", items) + ws() + "}";
      }
    };
  }

  /** Short text from ASCII, Latin-1, other scripts, a surrogate pair and control characters. */
  private String text() {
    String alphabet = "abcXYZ 09_-./:\"\\\u00e9\u00df\u4e2d\u0416\t\n\u0000\u001f\u007f\u2028";
    int n = random.nextInt(random.nextInt(10) == 0 ? 200 : 12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (random.nextInt(25) == 0) {
        b.append("\ud83d\ude00");
      } else {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }

  /** A JSON string literal for {@code s}, escaping some characters that need no escape. */
  private String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n' && random.nextBoolean()) {
        b.append("\\n");
      } else if (c < 0x20 || random.nextInt(12) == 0) {
        b.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else if (c == '/' && random.nextBoolean()) {
        b.append("\\/");
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private String ws() {
    return random.nextInt(4) == 0 ? pick(random, WHITESPACE) : "";
  }

  private static String pick(Random random, String[] from) {
    return from[random.nextInt(from.length)];
  }
}
