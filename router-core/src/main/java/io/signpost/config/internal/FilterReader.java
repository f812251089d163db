package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.routing.CompareFilter;
import io.signpost.routing.Filter;
import io.signpost.routing.GameStartNotPastFilter;
import io.signpost.routing.WhitelistFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and validates a pool's {@code filters} list. */
final class FilterReader {

  private static final Set<String> FILTER_KEYS =
      Set.of("type", "subject", "left", "op", "right", "enabled_key", "list_key", "key");
  private static final String TYPES = "compare, whitelist, game_start_not_past";

  /** The filters; null when any entry is wrong (each problem is reported). */
  @Nullable
  List<Filter> read(ConfigNode list) {
    List<Filter> out = new ArrayList<>();
    boolean ok = !list.isPresent() || list.json().isArray();
    for (ConfigNode f : list.items()) {
      Filter filter = filter(f);
      if (filter == null) {
        ok = false;
      } else {
        out.add(filter);
      }
    }
    return ok ? out : null;
  }

  private static @Nullable Filter filter(ConfigNode f) {
    long before = f.errorCount();
    if (!f.object(FILTER_KEYS)) {
      return null;
    }
    String typeText = f.get("type").text("");
    String type = typeText.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    Filter filter =
        switch (type) {
          case "compare" -> compare(f);
          case "whitelist" -> whitelist(f);
          case "game_start_not_past" ->
              new GameStartNotPastFilter(required(f.get("key"), "a metadata key"));
          case "" -> {
            f.get("type").error("must not be empty (expected: one of " + TYPES + ")");
            yield null;
          }
          default -> {
            f.get("type")
                .error("unknown filter type \"" + typeText + "\" (expected: one of " + TYPES + ")");
            yield null;
          }
        };
    return f.errorCount() > before ? null : filter;
  }

  private static Filter compare(ConfigNode f) {
    String left = required(f.get("left"), "a metadata key or number");
    String opText = f.get("op").text("");
    CompareFilter.Op op = CompareFilter.Op.parse(opText).orElse(null);
    if (op == null) {
      f.get("op")
          .error(
              (opText.isBlank() ? "must not be empty" : "unknown op \"" + opText + "\"")
                  + " (expected: one of lt, lte, gt, gte, eq, neq)");
      op = CompareFilter.Op.EQ;
    }
    String right = required(f.get("right"), "a metadata key or number");
    return new CompareFilter(CompareFilter.Operand.of(left), op, CompareFilter.Operand.of(right));
  }

  private static Filter whitelist(ConfigNode f) {
    String subjectText = f.get("subject").text("uuid");
    WhitelistFilter.Subject subject =
        subjectText.isBlank()
            ? WhitelistFilter.Subject.UUID
            : WhitelistFilter.Subject.parse(subjectText).orElse(null);
    if (subject == null) {
      f.get("subject").error("\"" + subjectText + "\" (expected: uuid or username)");
      subject = WhitelistFilter.Subject.UUID;
    }
    return new WhitelistFilter(
        subject,
        required(f.get("enabled_key"), "a metadata key"),
        required(f.get("list_key"), "a metadata key"));
  }

  /** A non-blank string; reports and returns "" otherwise. */
  private static String required(ConfigNode n, String expected) {
    String t = n.text();
    if (t == null || t.isBlank()) {
      if (t == null && n.isPresent()) {
        return "";
      }
      n.error("must not be empty (expected: " + expected + ")");
      return "";
    }
    return t.strip();
  }
}
