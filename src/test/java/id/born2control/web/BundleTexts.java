package id.born2control.web;

import io.quarkus.qute.i18n.Message;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Every text the range's pages may show in one language, read from the message bundles
 * themselves (the {@code @Message} defaults of {@link Messages}, {@link StaffMessages} and the others for
 * Indonesian, their {@code _en} properties for English, the big screen's {@code i18n.ts} tables),
 * and the judge of a text read back from a rendered page: is it one of those texts, with
 * {@code {param}} placeholders standing for anything, once the values no bundle can hold (numbers,
 * dates, names of trainees, cohorts, challenges and exercises) are taken out?
 */
final class BundleTexts {

  /** What a text is made of before it reaches a page: whitespace collapsed, edges trimmed. */
  private static final Pattern EDGES = Pattern.compile(
      "^[\\s\\p{P}\\p{S}]+|[\\s\\p{P}\\p{S}]+$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}|%s|<[^>]+>");
  private static final Pattern LETTER = Pattern.compile("\\p{L}");
  private static final Pattern NUMBERS = Pattern.compile("[-+−]?\\d[\\d.,:/%\\-]*");
  private static final Path THEME = Path.of("infra/keycloak/themes/born2control/login/messages");
  private static final Pattern TS_ENTRY = Pattern.compile("^\\s+\\w+: '((?:[^'\\\\]|\\\\.)*)',?$",
      Pattern.MULTILINE);

  private final String lang;
  private final List<Pattern> own;
  private final List<Pattern> english;
  private final Pattern dynamic;

  private BundleTexts(String lang, List<Pattern> own, List<Pattern> english, Pattern dynamic) {
    this.lang = lang;
    this.own = own;
    this.english = english;
    this.dynamic = dynamic;
  }

  /**
   * The texts of {@code lang} ("id" or "en"); {@code dynamicValues} are the names and other
   * values the fixtures put on pages, which no bundle holds.
   */
  static BundleTexts of(String lang, Collection<String> dynamicValues) {
    return of(lang, values(lang), values("en"), dynamicValues);
  }

  /**
   * The texts of the sign-in pages Keycloak shows in {@code lang}: the range's login theme's
   * messages, over Keycloak's own English ones (what the theme leaves out appears in English,
   * which an Indonesian page may not show).
   */
  static BundleTexts signIn(String lang, Collection<String> dynamicValues) {
    Set<String> english = new TreeSet<>(keycloakBaseEnglish());
    english.addAll(properties(THEME.resolve("messages_en.properties")));
    Set<String> own = lang.equals("en") ? english
        : new TreeSet<>(properties(THEME.resolve("messages_" + lang + ".properties")));
    return of(lang, own, english, dynamicValues);
  }

  private static BundleTexts of(String lang, Collection<String> ownValues,
      Collection<String> englishValues, Collection<String> dynamicValues) {
    List<Pattern> english = patterns(englishValues);
    List<Pattern> own = lang.equals("en") ? english : patterns(ownValues);
    Set<String> words = new TreeSet<>(dynamicValues);
    // Day and month names of dates written by the browser or the server in either language.
    for (Locale locale : List.of(Locale.ENGLISH, Locale.forLanguageTag("id"))) {
      java.text.DateFormatSymbols symbols = java.text.DateFormatSymbols.getInstance(locale);
      for (String[] names : List.of(symbols.getMonths(), symbols.getShortMonths(),
          symbols.getWeekdays(), symbols.getShortWeekdays(), symbols.getAmPmStrings())) {
        for (String name : names) {
          words.add(name.replace(".", ""));
        }
      }
    }
    words.removeIf(w -> w.isBlank() || !LETTER.matcher(w).find());
    String alternatives = words.stream().sorted(Comparator.comparingInt(String::length).reversed())
        .map(Pattern::quote).collect(Collectors.joining("|"));
    Pattern dynamic = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives
        + ")(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return new BundleTexts(lang, own, english, dynamic);
  }

  /**
   * Why a text read from a page is not from this language's bundles, or null when it is. An
   * Indonesian page also may not show an English bundle text that differs from every Indonesian one.
   */
  String problem(String text) {
    // " · " separates texts (a page title and the site's name, a row's facts): each stands alone.
    for (String part : text.split(" · ")) {
      String problem = partProblem(part);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private String partProblem(String text) {
    String t = normal(text);
    if (!LETTER.matcher(t).find()) {
      return null;
    }
    String rest = normal(NUMBERS.matcher(dynamic.matcher(text).replaceAll(" ")).replaceAll(" "));
    // Only values of the fixtures (an exercise named "team labs x" by another test class): no
    // bundle's text, whichever English pattern it happens to fit.
    if (!LETTER.matcher(rest).find()) {
      return null;
    }
    boolean ownText = matchesAny(own, t);
    if (!lang.equals("en") && !ownText && matchesAny(english, t)) {
      return "English text on an Indonesian page";
    }
    if (ownText) {
      return null;
    }
    if (matchesAny(own, rest)) {
      return null;
    }
    return "not in the " + lang + " bundles";
  }

  private static boolean matchesAny(List<Pattern> patterns, String text) {
    for (Pattern p : patterns) {
      if (p.matcher(text).matches()) {
        return true;
      }
    }
    return false;
  }

  static String normal(String text) {
    return EDGES.matcher(text.replaceAll("\\s+", " ")).replaceAll("");
  }

  /**
   * A bundle text as a pattern: its literal parts as they are, each placeholder (Qute
   * {@code {param}}, the scripts' {@code %s}, markup) standing for any text or none. Texts with
   * almost no letter outside placeholders (such as "{a} · {b}") would match anything and are left
   * out.
   */
  private static List<Pattern> patterns(Collection<String> values) {
    List<Pattern> patterns = new ArrayList<>();
    for (String value : values) {
      String v = normal(PLACEHOLDER.matcher(value).replaceAll("\u0000"));
      String literal = v.replace("\u0000", "");
      // A lone letter around placeholders ("v{n}") would match almost any text.
      long letters = literal.codePoints().filter(Character::isLetter).count();
      if (letters >= (v.contains("\u0000") ? 2 : 1)) {
        patterns.add(Pattern.compile(Arrays.stream(v.split("\u0000", -1)).map(Pattern::quote)
            .collect(Collectors.joining(".*?")), Pattern.DOTALL));
      }
    }
    return patterns;
  }

  /** Every bundle text of a language. */
  static Set<String> values(String lang) {
    Set<String> values = new TreeSet<>();
    if (lang.equals("en")) {
      values.addAll(properties(Path.of("src/main/resources/messages/msg_en.properties")));
      values.addAll(properties(Path.of("src/main/resources/messages/staff_en.properties")));
      values.addAll(properties(Path.of("src/main/resources/messages/fire_en.properties")));
      values.addAll(properties(Path.of("src/main/resources/messages/team_en.properties")));
    } else {
      for (Class<?> bundle : List.of(Messages.class, StaffMessages.class, FireMessages.class,
          TeamMessages.class)) {
        for (var method : bundle.getDeclaredMethods()) {
          Message message = method.getAnnotation(Message.class);
          if (message != null) {
            values.add(message.value());
          }
        }
      }
    }
    values.addAll(boardTexts(lang));
    return values;
  }

  /** Keycloak's own English login texts, from the distribution the tests run. */
  private static Collection<String> keycloakBaseEnglish() {
    Path lib = Path.of(System.getProperty("b2c.keycloak.home"), "lib", "lib", "main");
    try (var jars = Files.list(lib)) {
      Path themes = jars.filter(j -> j.getFileName().toString()
          .matches("org\\.keycloak\\.keycloak-themes-\\d.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no Keycloak themes jar in " + lib));
      try (ZipFile zip = new ZipFile(themes.toFile())) {
        ZipEntry messages = zip.getEntry("theme/base/login/messages/messages_en.properties");
        try (Reader in = new java.io.InputStreamReader(zip.getInputStream(messages),
            StandardCharsets.UTF_8)) {
          // Keycloak's texts are MessageFormat patterns: '' is one quote.
          return properties(in).stream().map(v -> v.replace("''", "'")).toList();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Collection<String> properties(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return properties(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Collection<String> properties(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    return p.stringPropertyNames().stream().map(p::getProperty).toList();
  }

  /** The big screen's table of one language in {@code scoreboard-ui/src/i18n.ts}. */
  private static Collection<String> boardTexts(String lang) {
    try {
      String source = Files.readString(Path.of("scoreboard-ui/src/i18n.ts"));
      int start = source.indexOf(lang.equals("en") ? "const en:" : "const id =");
      int end = source.indexOf("\n}", start);
      List<String> texts = new ArrayList<>();
      Matcher m = TS_ENTRY.matcher(source.substring(start, end));
      while (m.find()) {
        texts.add(m.group(1).replace("\\'", "'"));
      }
      if (texts.size() < 10) {
        throw new AssertionError("cannot read the board's " + lang + " texts from i18n.ts");
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
