package id.born2control.catalog;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import id.born2control.catalog.ChallengeSpec.FlagKind;
import id.born2control.catalog.ChallengeSpec.FlagSpec;
import id.born2control.catalog.ChallengeSpec.HintSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a challenge file's {@code flags:} and {@code hints:} in every shape ctfcli writes them. */
final class FlagReader {

  private final YamlReader in;

  FlagReader(YamlReader in) {
    this.in = in;
  }

  List<FlagSpec> flags(Node node) {
    List<FlagSpec> flags = new ArrayList<>();
    List<Node> items = in.sequence(node, "flags");
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = "flags[" + i + "]";
      if (item instanceof ScalarNode scalar) {
        if (scalar.getValue().isEmpty()) {
          in.error(item, where + " must not be empty");
        } else {
          flags.add(new FlagSpec(FlagKind.STATIC, scalar.getValue(), false));
        }
        continue;
      }
      Map<String, Node> flag = in.mapping(item, where);
      if (flag == null) {
        continue;
      }
      FlagKind kind = in.enumValue(flag.get("type"), where + ".type", FlagKind.class, FlagKind.STATIC);
      String content = in.scalarText(flag.get("content"));
      if (content == null || content.isEmpty()) {
        in.error(item, where + ".content is required");
        continue;
      }
      String data = in.scalarText(flag.get("data"));
      boolean caseInsensitive = "case_insensitive".equals(data);
      if (data != null && !data.isEmpty() && !caseInsensitive && !"case_sensitive".equals(data)) {
        // CTFd compares case-sensitively unless data is exactly case_insensitive.
        in.warning(flag.get("data"), where + ".data '" + data + "' is neither case_sensitive nor"
            + " case_insensitive: the flag is compared case-sensitively, as CTFd does");
      }
      if (kind == FlagKind.REGEX) {
        try {
          Pattern.compile(content);
        } catch (PatternSyntaxException e) {
          in.error(flag.get("content"),
              where + ".content is not a valid RE2 regular expression: " + e.getDescription());
        }
      }
      if (kind != null) {
        flags.add(new FlagSpec(kind, content, caseInsensitive));
      }
    }
    return flags;
  }

  /**
   * Hints as strings, {@code {content, cost}} or {@code {title, content, cost}}; a hint may name
   * itself with {@code key} and require other hints by key (as ctfcli does) or by position
   * (0 is the first hint). Requirements are stored as positions, checked when a hint is unlocked.
   */
  List<HintSpec> hints(Node node) {
    List<Node> items = in.sequence(node, "hints");
    Map<String, Integer> keys = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof MappingNode map) {
        Node keyNode = in.mappingQuietly(map).get("key");
        String key = in.scalarText(keyNode);
        if (key != null && keys.putIfAbsent(key, i) != null) {
          in.error(keyNode, "hints[" + i + "].key '" + key + "' is used by an earlier hint");
        }
      }
    }
    List<HintSpec> hints = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = "hints[" + i + "]";
      if (item instanceof ScalarNode scalar) {
        if (scalar.getValue().isBlank()) {
          in.error(item, where + " must not be empty");
        }
        hints.add(new HintSpec(null, scalar.getValue(), 0, List.of()));
        continue;
      }
      Map<String, Node> hint = in.mapping(item, where);
      if (hint == null) {
        continue;
      }
      String content = in.scalarText(hint.get("content"));
      if (content == null || content.isBlank()) {
        in.error(item, where + ".content is required");
        continue;
      }
      Integer cost = in.integer(hint.get("cost"), where + ".cost", 0, 100_000);
      List<Integer> needs = new ArrayList<>();
      for (Node need : in.sequence(hint.get("requirements"), where + ".requirements")) {
        Integer index = requiredHint(need, where, keys, items.size());
        if (index != null && index == i) {
          in.error(need, where + ".requirements names the hint itself");
        } else if (index != null && !needs.contains(index)) {
          needs.add(index);
        }
      }
      String title = in.scalarText(hint.get("title"));
      hints.add(new HintSpec(title == null || title.isBlank() ? null : title, content,
          cost == null ? 0 : cost, List.copyOf(needs)));
    }
    return hints;
  }

  /** The position of a required hint written as another hint's key or as a position. */
  private Integer requiredHint(Node need, String where, Map<String, Integer> keys, int count) {
    String text = in.scalarText(need);
    if (text == null) {
      in.error(need, where + ".requirements[] must be a hint key or position");
      return null;
    }
    if (keys.containsKey(text)) {
      return keys.get(text);
    }
    if (text.trim().matches("\\d+")) {
      return in.integer(need, where + ".requirements[]", 0, count - 1);
    }
    in.error(need, where + ".requirements names '" + text + "', which is no hint's key");
    return null;
  }
}
