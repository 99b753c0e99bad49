package id.born2control.catalog;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Renders challenge descriptions from Markdown to HTML that is safe to put in a page: whatever a
 * challenge file contains, no script, event handler or javascript: link comes out.
 */
final class Markdown {

  private static final List<org.commonmark.Extension> EXTENSIONS =
      List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).build();
  private static final PolicyFactory POLICY =
      Sanitizers.FORMATTING
          .and(Sanitizers.BLOCKS)
          .and(Sanitizers.LINKS)
          .and(Sanitizers.TABLES)
          .and(Sanitizers.IMAGES)
          .and(new HtmlPolicyBuilder()
              .allowElements("pre", "code", "hr", "del", "kbd", "samp")
              .allowAttributes("class").matching(true, "language-[a-z0-9+-]+").onElements("code")
              .toFactory());

  private Markdown() {}

  static String toSafeHtml(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    return POLICY.sanitize(RENDERER.render(PARSER.parse(markdown)));
  }
}
