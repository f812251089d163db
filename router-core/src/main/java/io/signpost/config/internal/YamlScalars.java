package io.signpost.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.signpost.annotation.Nullable;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * yaml.v3's resolution of scalars (its {@code resolve.go}): which plain scalars are booleans,
 * nulls, integers and floats. Numbers and booleans keep the text they were written with, which is
 * what they read as when a string is expected.
 */
final class YamlScalars {

  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Pattern YAML_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Map<String, Object> WORDS =
      Map.ofEntries(
          Map.entry("true", Boolean.TRUE),
          Map.entry("True", Boolean.TRUE),
          Map.entry("TRUE", Boolean.TRUE),
          Map.entry("false", Boolean.FALSE),
          Map.entry("False", Boolean.FALSE),
          Map.entry("FALSE", Boolean.FALSE),
          Map.entry("", NullNode.instance),
          Map.entry("~", NullNode.instance),
          Map.entry("null", NullNode.instance),
          Map.entry("Null", NullNode.instance),
          Map.entry("NULL", NullNode.instance),
          Map.entry(".nan", Double.NaN),
          Map.entry(".NaN", Double.NaN),
          Map.entry(".NAN", Double.NaN),
          Map.entry(".inf", Double.POSITIVE_INFINITY),
          Map.entry(".Inf", Double.POSITIVE_INFINITY),
          Map.entry(".INF", Double.POSITIVE_INFINITY),
          Map.entry("+.inf", Double.POSITIVE_INFINITY),
          Map.entry("+.Inf", Double.POSITIVE_INFINITY),
          Map.entry("+.INF", Double.POSITIVE_INFINITY),
          Map.entry("-.inf", Double.NEGATIVE_INFINITY),
          Map.entry("-.Inf", Double.NEGATIVE_INFINITY),
          Map.entry("-.INF", Double.NEGATIVE_INFINITY));

  private YamlScalars() {}

  /** The tree value of a scalar. */
  static JsonNode resolve(ScalarNode node, String path) throws YamlTree.Refused {
    String text = node.getValue();
    Tag tag = node.getTag();
    if (YamlTree.isPlain(node)) {
      JsonNode resolved = resolvePlain(text);
      return resolved == null ? TextNode.valueOf(text) : resolved;
    }
    if (Tag.INT.equals(tag)
        || Tag.FLOAT.equals(tag)
        || Tag.BOOL.equals(tag)
        || Tag.NULL.equals(tag)) {
      JsonNode resolved = resolvePlain(text);
      if (resolved == null || !kindOf(resolved).equals(tag)) {
        throw new YamlTree.Refused(
            path,
            "cannot decode \""
                + text
                + "\" as a "
                + tag
                + " (line "
                + (node.getStartMark().getLine() + 1)
                + ")");
      }
      return resolved;
    }
    return TextNode.valueOf(text);
  }

  private static Tag kindOf(JsonNode node) {
    if (node.isNull()) {
      return Tag.NULL;
    }
    if (node.isBoolean()) {
      return Tag.BOOL;
    }
    return node.isIntegralNumber() ? Tag.INT : Tag.FLOAT;
  }

  /** A plain scalar by yaml.v3's rules; null for a string. */
  static @Nullable JsonNode resolvePlain(String text) {
    Object word = WORDS.get(text);
    if (word instanceof Boolean b) {
      return new WrittenBoolean(b, text);
    }
    if (word instanceof Double d) {
      return new WrittenDouble(d, text);
    }
    if (word != null) {
      return NullNode.instance;
    }
    char first = text.charAt(0);
    if (first == '.') {
      return YAML_FLOAT.matcher(text).matches() ? finiteDouble(text, text) : null;
    }
    if (first != '+' && first != '-' && (first < '0' || first > '9')) {
      return null;
    }
    String plain = text.replace("_", "");
    BigInteger integer = goInteger(plain);
    if (integer != null && integer.bitLength() < Integer.SIZE) {
      return new WrittenInt(integer.intValueExact(), text);
    }
    if (integer != null && integer.compareTo(INT64_MIN) >= 0 && integer.compareTo(INT64_MAX) <= 0) {
      return new WrittenLong(integer.longValueExact(), text);
    }
    if (integer != null
        && integer.signum() >= 0
        && plain.charAt(0) != '+'
        && integer.compareTo(UINT64_MAX) <= 0) {
      return new WrittenBigInteger(integer, text);
    }
    if (YAML_FLOAT.matcher(plain).matches()) {
      return finiteDouble(plain, text);
    }
    return null;
  }

  private static @Nullable JsonNode finiteDouble(String number, String written) {
    double d = Double.parseDouble(number);
    return Double.isInfinite(d) ? null : new WrittenDouble(d, written);
  }

  /**
   * An integer as Go's {@code strconv.ParseInt(s, 0, 64)} spells one (sign, then {@code 0x}, {@code
   * 0o}, {@code 0b}, a leading {@code 0} for octal, or decimal digits), without its range check;
   * null when {@code s} is not one.
   */
  static @Nullable BigInteger goInteger(String s) {
    int i = 0;
    boolean negative = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    int radix = 10;
    if (body.length() > 2 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
      body = radix == 10 ? body : body.substring(2);
    }
    if (radix == 10 && body.length() > 1 && body.charAt(0) == '0') {
      radix = 8;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int k = 0; k < body.length(); k++) {
      if (Character.digit(body.charAt(k), radix) < 0) {
        return null;
      }
    }
    BigInteger value = new BigInteger(body, radix);
    return negative ? value.negate() : value;
  }

  /** A resolved number or boolean that reads as written when text is wanted. */
  static final class WrittenInt extends IntNode {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenInt(int value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  static final class WrittenLong extends LongNode {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenLong(long value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  static final class WrittenBigInteger extends BigIntegerNode {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenBigInteger(BigInteger value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  static final class WrittenDouble extends DoubleNode {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenDouble(double value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  static final class WrittenBoolean extends BooleanNode {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenBoolean(boolean value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }
}
