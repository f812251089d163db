package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled hostname pattern with the semantics of Go's {@code path.Match}, as Hyrouter uses it.
 *
 * <p>Syntax: {@code *} matches any run of characters other than {@code /}; {@code ?} matches one
 * such character; {@code [...]} is a non-empty class of characters and ranges ({@code [a-z0-9]}),
 * negated by a leading {@code ^} ({@code [^0-9]}); {@code \c} matches {@code c} literally. Both
 * pattern and hostname are compared case-insensitively and a trailing dot is ignored on both.
 * Instances are immutable and thread-safe; {@link #matches} does not allocate.
 */
public final class HostnamePattern {

  private final String source;
  private final String canonical;
  private final @Nullable List<Chunk> chunks;

  private HostnamePattern(String source, String canonical, @Nullable List<Chunk> chunks) {
    this.source = source;
    this.canonical = canonical;
    this.chunks = chunks;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException when the pattern is malformed (an unclosed or empty class, a
   *     bad range, a trailing backslash) or empty
   */
  public static HostnamePattern compile(String pattern) {
    requireNonNull(pattern, "pattern");
    String canonical = canonicalHost(pattern);
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException("pattern must not be empty");
    }
    return new HostnamePattern(pattern, canonical, parse(canonical));
  }

  /**
   * A pattern that {@link #compile} refuses, kept the way Hyrouter keeps it: Go's {@code
   * path.Match} fails on it for every hostname, so it matches only a hostname equal to it (an empty
   * one matches nothing).
   */
  public static HostnamePattern malformed(String pattern) {
    requireNonNull(pattern, "pattern");
    return new HostnamePattern(pattern, canonicalHost(pattern), null);
  }

  /** Whether this pattern came from {@link #malformed}. */
  public boolean isMalformed() {
    return chunks == null;
  }

  /** Trims, drops one trailing dot and lower-cases, as both SNI and patterns are compared. */
  public static String canonicalHost(String host) {
    String s = host.strip();
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a hostname already in {@linkplain #canonicalHost canonical form} matches. An empty
   * hostname never matches.
   */
  public boolean matches(String canonicalHostname) {
    if (canonicalHostname.isEmpty()) {
      return false;
    }
    if (canonical.equals(canonicalHostname)) {
      return true;
    }
    return chunks != null && matchChunks(canonicalHostname);
  }

  /** The pattern as written in the configuration. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostnamePattern other && other.canonical.equals(canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  private boolean matchChunks(String name) {
    int pos = 0;
    for (int c = 0; c < chunks.size(); c++) {
      Chunk chunk = chunks.get(c);
      boolean last = c == chunks.size() - 1;
      if (chunk.star && chunk.elements.length == 0) {
        return name.indexOf('/', pos) < 0;
      }
      int end = chunk.matchAt(name, pos);
      if (end >= 0 && (end == name.length() || !last)) {
        pos = end;
        continue;
      }
      if (!chunk.star) {
        return false;
      }
      int found = -1;
      for (int i = pos; i < name.length() && name.charAt(i) != '/'; i++) {
        end = chunk.matchAt(name, i + 1);
        if (end >= 0 && !(last && end < name.length())) {
          found = end;
          break;
        }
      }
      if (found < 0) {
        return false;
      }
      pos = found;
    }
    return pos == name.length();
  }

  // ---- compilation ----

  private static List<Chunk> parse(String p) {
    List<Chunk> chunks = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      boolean star = false;
      while (i < p.length() && p.charAt(i) == '*') {
        star = true;
        i++;
      }
      List<Element> elements = new ArrayList<>();
      while (i < p.length() && p.charAt(i) != '*') {
        char ch = p.charAt(i);
        if (ch == '?') {
          elements.add(Element.ANY);
          i++;
        } else if (ch == '[') {
          i = parseClass(p, i + 1, elements);
        } else if (ch == '\\') {
          if (i + 1 >= p.length()) {
            throw new IllegalArgumentException("trailing backslash in pattern \"" + p + "\"");
          }
          elements.add(Element.literal(p.charAt(i + 1)));
          i += 2;
        } else {
          elements.add(Element.literal(ch));
          i++;
        }
      }
      chunks.add(new Chunk(star, elements.toArray(Element[]::new)));
    }
    return List.copyOf(chunks);
  }

  /** Parses a class body starting after '['; returns the index after the closing ']'. */
  private static int parseClass(String p, int i, List<Element> out) {
    boolean negated = false;
    if (i < p.length() && p.charAt(i) == '^') {
      negated = true;
      i++;
    }
    List<char[]> ranges = new ArrayList<>();
    while (true) {
      if (i >= p.length()) {
        throw new IllegalArgumentException("unclosed character class in pattern \"" + p + "\"");
      }
      if (p.charAt(i) == ']' && !ranges.isEmpty()) {
        break;
      }
      int[] lo = classChar(p, i);
      char hi = (char) lo[0];
      i = lo[1];
      if (i < p.length() && p.charAt(i) == '-') {
        int[] h = classChar(p, i + 1);
        hi = (char) h[0];
        i = h[1];
      }
      ranges.add(new char[] {(char) lo[0], hi});
    }
    out.add(Element.charClass(negated, ranges.toArray(char[][]::new)));
    return i + 1;
  }

  /** One class character (maybe escaped): {char, next index}. */
  private static int[] classChar(String p, int i) {
    if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') {
      throw new IllegalArgumentException("bad character range in pattern \"" + p + "\"");
    }
    if (p.charAt(i) == '\\') {
      if (i + 1 >= p.length()) {
        throw new IllegalArgumentException("trailing backslash in pattern \"" + p + "\"");
      }
      return new int[] {p.charAt(i + 1), i + 2};
    }
    return new int[] {p.charAt(i), i + 1};
  }

  private record Chunk(boolean star, Element[] elements) {

    /** Matches the elements at {@code pos}; the end index, or -1. */
    int matchAt(String name, int pos) {
      for (Element e : elements) {
        if (pos >= name.length() || !e.accepts(name.charAt(pos))) {
          return -1;
        }
        pos++;
      }
      return pos;
    }
  }

  private record Element(int kind, char literal, boolean negated, char[][] ranges) {
    static final int LITERAL = 0;
    static final int ANY_CHAR = 1;
    static final int CLASS = 2;
    static final Element ANY = new Element(ANY_CHAR, '\0', false, null);

    static Element literal(char c) {
      return new Element(LITERAL, c, false, null);
    }

    static Element charClass(boolean negated, char[][] ranges) {
      return new Element(CLASS, '\0', negated, ranges);
    }

    boolean accepts(char c) {
      if (kind == LITERAL) {
        return c == literal;
      }
      if (kind == ANY_CHAR) {
        return c != '/';
      }
      boolean in = false;
      for (char[] r : ranges) {
        if (r[0] <= c && c <= r[1]) {
          in = true;
          break;
        }
      }
      return in != negated;
    }
  }
}
