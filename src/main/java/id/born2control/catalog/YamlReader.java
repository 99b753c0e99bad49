package id.born2control.catalog;

import id.born2control.catalog.CatalogProblem.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of one file's YAML node tree and collects located problems: each reader
 * reports what is wrong at the node's line and column and returns null on a wrong shape. Shared
 * by the readers of one challenge file.
 */
final class YamlReader {

  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
      "(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?", java.util.regex.Pattern.CASE_INSENSITIVE);

  final String slug;
  final String file;
  final Path folder;
  final List<CatalogProblem> problems = new ArrayList<>();

  YamlReader(String slug, String file, Path folder) {
    this.slug = slug;
    this.file = file;
    this.folder = folder;
  }

  boolean failed() {
    return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
  }

  Map<String, Node> mapping(Node node, String where) {
    if (!(node instanceof MappingNode map)) {
      error(node, where + " must be a mapping (key: value)");
      return null;
    }
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null) {
        error(tuple.getKeyNode(), where + " has a key that is not a plain word");
      } else if (result.containsKey(key)) {
        error(tuple.getKeyNode(), where + " has the key '" + key + "' twice");
      } else {
        result.put(key, tuple.getValueNode());
      }
    }
    return result;
  }

  /** The entries of a mapping whose keys are plain words, reporting nothing (a second pass). */
  Map<String, Node> mappingQuietly(MappingNode map) {
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode s) {
        result.putIfAbsent(s.getValue(), tuple.getValueNode());
      }
    }
    return result;
  }

  Map<String, Node> keyNodes(Node node) {
    Map<String, Node> keys = new LinkedHashMap<>();
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode s) {
          keys.put(s.getValue(), tuple.getKeyNode());
        }
      }
    }
    return keys;
  }

  /** Reports every key of the mapping {@code node} that is not {@code known} as an error. */
  void unknownKeys(Node node, String where, java.util.Set<String> known) {
    keyNodes(node).forEach((key, at) -> {
      if (!known.contains(key)) {
        error(at, "unknown key '" + where + "." + key + "' (allowed: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    });
  }

  List<Node> sequence(Node node, String where) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode seq)) {
      error(node, where + " must be a list");
      return List.of();
    }
    return seq.getValue();
  }

  List<String> stringList(Node node, String where) {
    List<String> result = new ArrayList<>();
    List<Node> items = sequence(node, where);
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      if (item instanceof MappingNode && where.equals("tags")) {
        // ctfcli also writes tags as {value: ...}
        String value = scalarText(mapping(item, where + "[" + i + "]").get("value"));
        if (value != null) {
          result.add(value);
          continue;
        }
      }
      String text = scalarText(item);
      if (text == null || text.isBlank()) {
        error(item, where + "[" + i + "] must be a non-empty text");
      } else {
        result.add(text);
      }
    }
    return List.copyOf(result);
  }

  String string(Node parent, Map<String, Node> map, String key, boolean required) {
    Node node = map.get(key);
    if (node == null || isNull(node)) {
      if (required) {
        error(parent, key + " is required");
      }
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      error(node, key + " must be a text");
      return null;
    }
    if (required && scalar.getValue().isBlank()) {
      error(node, key + " must not be empty");
    }
    return scalar.getValue();
  }

  Integer integer(Node node, String where, int min, int max) {
    if (node == null || isNull(node)) {
      return null;
    }
    String text = scalarText(node);
    try {
      int value = Integer.parseInt(text == null ? "" : text.trim());
      if (value < min || value > max) {
        error(node, where + " must be between " + min + " and " + max);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, where + " must be a whole number");
      return null;
    }
  }

  Double number(Node node, String where) {
    if (node == null || isNull(node)) {
      return null;
    }
    String text = scalarText(node);
    try {
      double value = Double.parseDouble(text == null ? "" : text.trim());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, where + " must be a number");
      return null;
    }
  }

  boolean bool(Node node, String where, boolean fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = String.valueOf(scalarText(node)).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        error(node, where + " must be true or false");
        yield fallback;
      }
    };
  }

  <E extends Enum<E>> E enumValue(Node node, String where, Class<E> type, E fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = scalarText(node);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return constant;
      }
    }
    List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    error(node, where + " must be " + String.join(" or ", allowed));
    return null;
  }

  long duration(Node node, String where, long fallback) {
    if (node == null || isNull(node)) {
      return fallback;
    }
    String text = scalarText(node);
    if (text != null && text.trim().matches("\\d+")) {
      return Long.parseLong(text.trim()) * 60; // a bare number is minutes
    }
    Matcher m = text == null ? null : DURATION.matcher(text.trim());
    if (m == null || !m.matches() || text.isBlank()) {
      error(node, where + " must be a duration such as 45m, 2h or 1h30m");
      return fallback;
    }
    long seconds = Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
        .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
        .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3))).toSeconds();
    if (seconds < 60 || seconds > 7 * 24 * 3600) {
      error(node, where + " must be between 1 minute and 7 days");
      return fallback;
    }
    return seconds;
  }

  Instant instant(Node node, String where) {
    String text = scalarText(node);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        error(node, where + " must be a date-time such as 2026-12-01T08:00:00+07:00");
        return null;
      }
    }
  }

  static String scalarText(Node node) {
    return node instanceof ScalarNode scalar && !isNull(node) ? scalar.getValue() : null;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar
        && scalar.getTag().getValue().endsWith(":null");
  }

  static boolean insideFolder(String path) {
    if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    Path normalized = Path.of(path).normalize();
    return !normalized.startsWith("..") && !normalized.isAbsolute();
  }

  void error(Node node, String message) {
    add(node == null ? null : node.getStartMark(), Severity.ERROR, message);
  }

  void error(Mark mark, String message) {
    add(mark, Severity.ERROR, message);
  }

  void warning(Node node, String message) {
    add(node == null ? null : node.getStartMark(), Severity.WARNING, message);
  }

  void add(Mark mark, Severity severity, String message) {
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    problems.add(new CatalogProblem(slug, file, line, column, severity, message));
  }

  void add(Node node, Severity severity, String message) {
    add(node == null ? null : node.getStartMark(), severity, message);
  }
}
