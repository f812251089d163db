package io.signpost.kubernetes.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector expression, parsed and checked the way the API server and client-go's
 * {@code labels.Parse} do: comma-separated requirements {@code key}, {@code !key}, {@code key=v},
 * {@code key==v}, {@code key!=v}, {@code key in (a,b)}, {@code key notin (a,b)}, {@code key>1},
 * {@code key<1}. Keys are qualified names with an optional DNS-subdomain prefix; values are label
 * values (up to 63 characters, alphanumeric at both ends). An empty expression selects everything.
 *
 * <p>The expression is sent to the API server as written (so lists and watches carry only what
 * matches) and also evaluated here, on every cached object. Immutable and thread-safe.
 */
public final class LabelSelector {

  /** The selector that selects everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final String SPECIAL = "=!(),<>";

  /** How a requirement compares a label. */
  public enum Operator {
    EXISTS,
    DOES_NOT_EXIST,
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    GREATER_THAN,
    LESS_THAN
  }

  /**
   * One requirement.
   *
   * @param key the label key
   * @param operator the comparison
   * @param values the values compared with: one for equality and {@code >}/{@code <}, the set for
   *     {@code in}/{@code notin}, none for existence
   */
  public record Requirement(String key, Operator operator, List<String> values) {

    public Requirement {
      requireNonNull(key, "key");
      requireNonNull(operator, "operator");
      values = List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case EXISTS -> v != null;
        case DOES_NOT_EXIST -> v == null;
        case EQUALS, IN -> v != null && values.contains(v);
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
        case GREATER_THAN -> v != null && integer(v) != null && integer(v) > integer(values.get(0));
        case LESS_THAN -> v != null && integer(v) != null && integer(v) < integer(values.get(0));
      };
    }
  }

  /** An expression that is not a valid label selector. */
  public static final class InvalidSelectorException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSelectorException(String message) {
      super(message);
    }
  }

  private final String source;
  private final List<Requirement> requirements;

  private LabelSelector(String source, List<Requirement> requirements) {
    this.source = source;
    this.requirements = List.copyOf(requirements);
  }

  /** A selector of requirements, written out in the API's syntax. */
  public static LabelSelector of(List<Requirement> requirements) {
    List<String> parts = new ArrayList<>();
    for (Requirement r : requirements) {
      parts.add(write(r));
    }
    return new LabelSelector(String.join(",", parts), requirements);
  }

  /**
   * Parses {@code expression}; blanks around it and around tokens are ignored.
   *
   * @throws InvalidSelectorException saying what is wrong and where
   */
  public static LabelSelector parse(String expression) throws InvalidSelectorException {
    String text = expression.strip();
    if (text.isEmpty()) {
      return EVERYTHING;
    }
    return new LabelSelector(text, new Parser(text).requirements());
  }

  /** Whether labels (absent counts as none) satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(l)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selects everything. */
  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  /** The expression as written (stripped), for the API server's {@code labelSelector}. */
  public String expression() {
    return source;
  }

  /** This selector and {@code other}: every requirement of both. */
  public LabelSelector and(LabelSelector other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<Requirement> all = new ArrayList<>(requirements);
    all.addAll(other.requirements);
    return new LabelSelector(source + "," + other.source, all);
  }

  @Override
  public String toString() {
    return source;
  }

  /** Whether {@code value} is a valid label value (empty included). */
  public static boolean isValidValue(String value) {
    return value.isEmpty() || NAME.matcher(value).matches();
  }

  /** Why {@code key} is not a valid label key; null when it is. */
  public static String keyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return "invalid key \""
            + key
            + "\": the prefix must be a lower-case DNS subdomain of at most 253 characters";
      }
    }
    if (name.isEmpty() || !NAME.matcher(name).matches()) {
      return "invalid key \""
          + key
          + "\": the name must be 1 to 63 characters, alphanumeric at both ends, with - _ . inside";
    }
    return null;
  }

  private static Long integer(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String write(Requirement r) {
    return switch (r.operator()) {
      case EXISTS -> r.key();
      case DOES_NOT_EXIST -> "!" + r.key();
      case EQUALS -> r.key() + "=" + r.values().get(0);
      case NOT_EQUALS -> r.key() + "!=" + r.values().get(0);
      case IN -> r.key() + " in (" + String.join(",", r.values()) + ")";
      case NOT_IN -> r.key() + " notin (" + String.join(",", r.values()) + ")";
      case GREATER_THAN -> r.key() + ">" + r.values().get(0);
      case LESS_THAN -> r.key() + "<" + r.values().get(0);
    };
  }

  /** A recursive-descent parser over a hand-rolled lexer, one expression per instance. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<Requirement> requirements() throws InvalidSelectorException {
      List<Requirement> out = new ArrayList<>();
      while (true) {
        out.add(requirement());
        skipBlanks();
        if (pos == text.length()) {
          return out;
        }
        expect(",", "\",\" between requirements");
      }
    }

    private Requirement requirement() throws InvalidSelectorException {
      skipBlanks();
      if (peek("!") && !peek("!=")) {
        pos++;
        return new Requirement(key(), Operator.DOES_NOT_EXIST, List.of());
      }
      String key = key();
      skipBlanks();
      if (pos == text.length() || peek(",")) {
        return new Requirement(key, Operator.EXISTS, List.of());
      }
      if (peek("==")) {
        pos += 2;
        return new Requirement(key, Operator.EQUALS, List.of(value(false)));
      }
      if (peek("!=")) {
        pos += 2;
        return new Requirement(key, Operator.NOT_EQUALS, List.of(value(false)));
      }
      if (peek("=")) {
        pos++;
        return new Requirement(key, Operator.EQUALS, List.of(value(false)));
      }
      if (peek(">") || peek("<")) {
        Operator op = peek(">") ? Operator.GREATER_THAN : Operator.LESS_THAN;
        pos++;
        String v = value(false);
        if (integer(v) == null) {
          throw error(
              "\"" + v + "\" after " + (op == Operator.GREATER_THAN ? ">" : "<"), "an integer");
        }
        return new Requirement(key, op, List.of(v));
      }
      int at = pos;
      String word = word();
      String op = word.toLowerCase(Locale.ROOT);
      if (word.equals("in") || word.equals("notin")) {
        return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, set(word));
      }
      pos = at;
      throw error(
          op.isEmpty()
              ? "\"" + rest() + "\" after key \"" + key + "\""
              : "operator \"" + word + "\"",
          "=, ==, !=, in, notin, >, < or a comma");
    }

    private List<String> set(String op) throws InvalidSelectorException {
      skipBlanks();
      expect("(", "\"(\" after " + op);
      Set<String> values = new LinkedHashSet<>();
      while (true) {
        skipBlanks();
        if (pos == text.length()) {
          throw error("the end of the expression", "\")\" closing the values of " + op);
        }
        if (peek(")")) {
          pos++;
          break;
        }
        values.add(value(true));
        skipBlanks();
        if (peek(",")) {
          pos++;
          skipBlanks();
          if (peek(")")) {
            values.add("");
          }
        } else if (!peek(")")) {
          if (pos == text.length()) {
            throw error("the end of the expression", "\")\" closing the values of " + op);
          }
          throw error("\"" + rest() + "\"", "\",\" or \")\" in the values of " + op);
        }
      }
      if (values.isEmpty()) {
        throw error("an empty set after " + op, "at least one value");
      }
      return List.copyOf(values);
    }

    private String key() throws InvalidSelectorException {
      skipBlanks();
      int at = pos;
      String k = word();
      if (k.isEmpty()) {
        throw error(
            pos == text.length() ? "the end of the expression" : "\"" + rest() + "\"",
            "a label key");
      }
      String problem = keyProblem(k);
      if (problem != null) {
        pos = at;
        throw new InvalidSelectorException(problem + " at offset " + at);
      }
      return k;
    }

    private String value(boolean inSet) throws InvalidSelectorException {
      skipBlanks();
      int at = pos;
      String v = word();
      if (!isValidValue(v)) {
        throw new InvalidSelectorException(
            "invalid value \""
                + v
                + "\" at offset "
                + at
                + ": a label value is at most 63 characters, alphanumeric at both ends, with - _ ."
                + " inside");
      }
      return v;
    }

    /** The next run of characters that are neither blank nor special. */
    private String word() {
      int start = pos;
      while (pos < text.length()
          && !Character.isWhitespace(text.charAt(pos))
          && SPECIAL.indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private void expect(String token, String what) throws InvalidSelectorException {
      skipBlanks();
      if (!peek(token)) {
        throw error(
            pos == text.length() ? "the end of the expression" : "\"" + rest() + "\"", what);
      }
      pos += token.length();
    }

    private boolean peek(String token) {
      return text.startsWith(token, pos);
    }

    private void skipBlanks() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private String rest() {
      String r = text.substring(pos);
      return r.length() > 20 ? r.substring(0, 20) + "..." : r;
    }

    private InvalidSelectorException error(String found, String expected) {
      return new InvalidSelectorException(
          "found " + found + " at offset " + pos + " (expected: " + expected + ")");
    }
  }
}
