package id.born2control.web;

import id.born2control.identity.TestKeycloak;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, with its chromedriver; Selenium Manager never downloads a
 * browser) in a fresh profile, pointed at the service under test. Tests sign in through Keycloak's
 * own login page and save screenshots under {@code target/screenshots/} (and, asked, the
 * README's under {@code src/docs/screenshots/}).
 */
public final class Browser implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** The README's screenshots: refreshed from the tests with {@code -Db2c.docs.screenshots}. */
  private static final Path DOCS = Path.of("src", "docs", "screenshots");

  private final URL base;
  private final Path profile;
  private final WebDriver driver;

  private Browser(URL base, int width, int height) {
    this.base = base;
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    System.setProperty("SE_OFFLINE", "true");
    try {
      profile = Files.createTempDirectory("b2c-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** A desktop-sized browser with a fresh profile. */
  public static Browser desktop(URL base) {
    return new Browser(base, 1366, 900);
  }

  /** A phone-sized browser with a fresh profile. */
  public static Browser phone(URL base) {
    return new Browser(base, 390, 844);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens a path of the service under test ({@code "challenges/x"}, no leading slash needed). */
  public Browser open(String path) {
    String url = base + (path.startsWith("/") ? path.substring(1) : path);
    // Chromium abandons a load when the host's networks change (lab bridges come and go on this
    // machine) and shows its own error page: load again, a few times at most.
    for (int attempt = 0; attempt < 3; attempt++) {
      driver.get(url);
      Object failed = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
          "return document.querySelector('#main-message .error-code') !== null;");
      if (!Boolean.TRUE.equals(failed)) {
        break;
      }
    }
    return this;
  }

  /** Signs in through Keycloak's login page and waits to be back on {@code then}. */
  public Browser signIn(String username, String password, String then) {
    open("login?then=" + then);
    WebElement user = waitFor(By.id("username"));
    if (!driver.getCurrentUrl().startsWith(TestKeycloak.get().realmUrl())) {
      throw new AssertionError("expected Keycloak's login page, got " + driver.getCurrentUrl());
    }
    user.sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    until(d -> d.getCurrentUrl().startsWith(base.toString())
        && URI.create(d.getCurrentUrl()).getPath().equals(URI.create(then).getPath()));
    return this;
  }

  /** Signs in as a demo user of the test realm (password {@code demo-<user>}). */
  public Browser signInAsDemo(String username, String then) {
    return signIn(username, "demo-" + username, then);
  }

  /** Waits until the element is visible and returns it. */
  public WebElement waitFor(By locator) {
    return new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /**
   * Waits until the live streams of the page shown now answer ({@code <html data-live="open">}):
   * a change pushed before then would not reach it.
   */
  public void awaitLive() {
    until(d -> "open".equals(((org.openqa.selenium.JavascriptExecutor) d)
        .executeScript("return document.documentElement.dataset.live;")));
  }

  /** Waits until the condition holds (returns non-null and not false). */
  public <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition::apply);
  }

  /**
   * Saves the current page as {@code target/screenshots/<name>.png}; with
   * {@code -Db2c.docs.screenshots} also over the README's copy of the same name, if it has one.
   */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      Path docs = DOCS.resolve(name + ".png");
      if (Boolean.getBoolean("b2c.docs.screenshots") && Files.exists(docs)) {
        Files.copy(shot.toPath(), docs, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
