package id.born2control.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Reads back what a rendered page shows a person, in the browser the page runs in: every visible
 * text (text nodes of rendered elements, the options of a visible list, the title, and the
 * placeholder, title, aria-label, alt and confirmation texts of elements), what axe-core finds
 * serious or critical, and which controls the Tab key never reaches. Code, times and authored
 * content ({@code translate="no"}: challenge descriptions, hints, check descriptions) are not
 * texts of the range and are left out.
 */
public final class PageInspector {

  /** axe-core from scoreboard-ui's npm dependencies (installed by the build). */
  private static final Path AXE = Path.of("scoreboard-ui/node_modules/axe-core/axe.min.js");

  private static final String TEXTS = """
      const skip = 'script,style,noscript,template,code,pre,kbd,samp,time,[translate="no"]';
      const shown = (el) => {
        const host = el.closest('select') ?? el;
        return host.checkVisibility({ checkOpacity: false, visibilityProperty: true });
      };
      const where = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
          parts.unshift(e.id ? '#' + e.id : e.tagName.toLowerCase()
              + (e.classList.length ? '.' + [...e.classList].join('.') : ''));
          if (e.id) break;
        }
        return parts.join(' > ');
      };
      const out = [{ text: document.title, where: 'title' }];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.nodeValue.replace(/\\s+/g, ' ').trim();
        const el = n.parentElement;
        if (text === '' || el === null || el.closest(skip) || !shown(el)) continue;
        out.push({ text, where: where(el) });
      }
      const attributes = ['placeholder', 'title', 'aria-label', 'alt', 'data-confirm'];
      for (const el of document.body.querySelectorAll(attributes.map((a) => '[' + a + ']').join(','))) {
        if (el.closest(skip) || !(shown(el) || el.hasAttribute('data-confirm'))) continue;
        for (const a of attributes) {
          const text = el.getAttribute(a);
          if (text) out.push({ text, where: where(el) + '@' + a });
        }
      }
      for (const el of document.body.querySelectorAll('input[type=submit][value],input[type=button][value]')) {
        if (shown(el)) out.push({ text: el.value, where: where(el) + '@value' });
      }
      return out;""";

  private static final String AXE_RUN = """
      const done = arguments[arguments.length - 1];
      axe.run(document, { resultTypes: ['violations'] })
        .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
            + v.nodes.slice(0, 6).map((n) => n.target.join(' ')
              + (n.failureSummary ? ' [' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160) + ']' : ''))
              .join('; '))))
        .catch((e) => done(['axe-core failed: ' + e]));""";

  /** Every focusable control of the page that a person could use, marked for the Tab walk. */
  private static final String CONTROLS = """
      window.b2cTabbed = new Set();
      document.addEventListener('focusin', (e) => window.b2cTabbed.add(e.target), true);
      const controls = [...document.querySelectorAll(
          'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter((el) => !el.disabled && !el.closest('[inert]') && el.checkVisibility({ visibilityProperty: true })
          && el.getBoundingClientRect().width > 0);
      window.b2cControls = controls;
      document.activeElement?.blur();
      window.scrollTo(0, 0);
      return controls.length;""";

  private static final String UNREACHED = """
      return window.b2cControls.filter((el) => el.isConnected && !window.b2cTabbed.has(el))
        .map((el) => el.outerHTML.slice(0, 120));""";

  private final WebDriver driver;

  public PageInspector(WebDriver driver) {
    this.driver = driver;
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
  }

  /** A text read from the page and where it is (a short CSS path). */
  record PageText(String text, String where) {}

  List<PageText> texts() {
    @SuppressWarnings("unchecked")
    List<Map<String, String>> found = (List<Map<String, String>>) js().executeScript(TEXTS);
    List<PageText> texts = new ArrayList<>();
    for (Map<String, String> t : found) {
      texts.add(new PageText(t.get("text"), t.get("where")));
    }
    return texts;
  }

  /** axe-core's serious and critical violations on the page as it is now. */
  @SuppressWarnings("unchecked")
  public List<String> accessibilityViolations() {
    if (!Boolean.TRUE.equals(js().executeScript("return typeof axe !== 'undefined';"))) {
      js().executeScript(axeSource());
    }
    return (List<String>) js().executeAsyncScript(AXE_RUN);
  }

  /**
   * The controls that pressing Tab from the top of the page never focuses (each one's markup).
   * Tab is pressed in rounds until every control had focus or a bound is reached (a date field
   * takes one Tab per part, so a control can need several).
   */
  @SuppressWarnings("unchecked")
  List<String> unreachableByTab() {
    long controls = (Long) js().executeScript(CONTROLS);
    List<String> unreached = (List<String>) js().executeScript(UNREACHED);
    for (long pressed = 0; !unreached.isEmpty() && pressed < controls * 8 + 20; pressed += 20) {
      new Actions(driver).sendKeys(Keys.TAB.toString().repeat(20)).perform();
      unreached = (List<String>) js().executeScript(UNREACHED);
    }
    return unreached;
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) driver;
  }

  private static String axeSource() {
    if (!Files.isRegularFile(AXE)) {
      throw new AssertionError(AXE + " is missing: run `npm ci` in scoreboard-ui (the build does)");
    }
    try {
      return Files.readString(AXE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
