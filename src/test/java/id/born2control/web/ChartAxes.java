package id.born2control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The axes of a chart as the page drew them, read back in the browser: uPlot draws tick labels
 * on a canvas, so the labels it wrote ({@code axis._values}), where it put them (its own
 * value-to-pixel mapping, as it draws) and how wide each is in the axis font come from the chart
 * the page keeps on its element ({@code element.uplot}). Checks what a person would see: labels
 * that never overlap or repeat, none cut at the canvas's edge, a time axis spanning a sane range,
 * a y scale that holds the highest value with room to spare.
 */
final class ChartAxes {

  private static final String READ = """
      const u = arguments[0].uplot;
      if (!u) return null;
      const ratio = u.pxRatio ?? window.devicePixelRatio;
      const ctx = document.createElement('canvas').getContext('2d');
      const axes = u.axes.map((axis, i) => {
        const scale = u.scales[axis.scale];
        ctx.font = axis.font[0];
        const tick = axis.ticks.show ? axis.ticks.size : 0;
        return {
          side: axis.side, show: axis.show, scale: axis.scale, min: scale.min, max: scale.max,
          pos: axis._pos, size: axis._size, tick, gap: axis.gap, fontSize: axis.font[2],
          labels: (axis._values ?? []).map((text, j) => ({
            text: text == null ? null : String(text),
            at: u.valToPos(axis._splits[j], axis.scale),
            width: text == null ? 0 : ctx.measureText(String(text)).width / ratio,
          })),
        };
      });
      const series = u.data.slice(1).flat().filter((v) => v != null);
      return { width: u.width, height: u.height, left: u.bbox.left / ratio,
        top: u.bbox.top / ratio, plotWidth: u.bbox.width / ratio, plotHeight: u.bbox.height / ratio,
        xs: u.data[0], highest: series.length ? Math.max(...series) : 0,
        lowest: series.length ? Math.min(...series) : 0, axes };""";

  /** Space kept between two neighbouring labels (CSS px). */
  private static final double GAP = 4;

  private final Map<String, Object> chart;

  private ChartAxes(Map<String, Object> chart) {
    this.chart = chart;
  }

  /** The chart drawn in the element matching {@code selector}, once drawn. */
  @SuppressWarnings("unchecked")
  static ChartAxes of(Browser browser, String selector) {
    return new ChartAxes(browser.until(d -> (Map<String, Object>) js(d).executeScript(
        "const el = document.querySelector(arguments[1]); return el && el.uplot ? ("
            + "function() {" + READ.replace("arguments[0]", "el") + "})() : null;",
        null, selector)));
  }

  private static JavascriptExecutor js(WebDriver driver) {
    return (JavascriptExecutor) driver;
  }

  /** The x scale's span in its own unit (seconds on a time axis). */
  double xSpan() {
    Map<String, Object> x = axis(2);
    return num(x.get("max")) - num(x.get("min"));
  }

  double yMax() {
    return num(axis(3).get("max"));
  }

  double yMin() {
    return num(axis(3).get("min"));
  }

  /** The bottom axis's labels as the page wrote them. */
  List<String> xLabels() {
    return labels(axis(2)).stream().map(l -> (String) l.get("text")).toList();
  }

  /**
   * Asserts what holds for every chart: the bottom labels are distinct, apart, inside the
   * canvas; the left labels apart, inside the canvas and within their axis; the y scale starts
   * at zero (or below for penalties) and leaves room above the highest value.
   */
  ChartAxes assertReadable(String what) {
    double width = num(chart.get("width"));
    double left = num(chart.get("left"));
    double top = num(chart.get("top"));
    Map<String, Object> x = axis(2);
    List<Map<String, Object>> xs = labels(x);
    assertTrue(!xs.isEmpty(), what + ": the time axis has labels");
    Set<String> distinct = new HashSet<>();
    double previousRight = Double.NEGATIVE_INFINITY;
    for (Map<String, Object> label : xs) {
      String text = (String) label.get("text");
      assertTrue(distinct.add(text), what + ": label " + text + " repeats in " + xLabels());
      double centre = left + num(label.get("at"));
      double half = num(label.get("width")) / 2;
      assertTrue(centre - half >= 0 && centre + half <= width, what + ": label " + text
          + " is cut at the edge (" + (centre - half) + ".." + (centre + half) + " of " + width
          + ")");
      assertTrue(centre - half >= previousRight + GAP, what + ": label " + text
          + " overlaps the one before it in " + xLabels());
      previousRight = centre + half;
    }
    Map<String, Object> y = axis(3);
    List<Map<String, Object>> ys = labels(y);
    double fontSize = num(y.get("fontSize"));
    // A left axis writes its labels right-aligned, tick and gap away from the plot's edge (pos).
    double labelsRight = num(y.get("pos")) - num(y.get("tick")) - num(y.get("gap"));
    double previousCentre = Double.NaN;
    for (Map<String, Object> label : ys) {
      double labelWidth = num(label.get("width"));
      double centre = top + num(label.get("at"));
      assertTrue(labelWidth <= num(y.get("size")) - num(y.get("tick")) - num(y.get("gap")),
          what + ": y label " + label.get("text") + " is wider than its axis");
      assertTrue(centre - fontSize / 2 >= 0 && labelsRight - labelWidth >= -1,
          what + ": y label " + label.get("text") + " is cut at the edge");
      if (!Double.isNaN(previousCentre)) {
        assertTrue(Math.abs(previousCentre - centre) >= fontSize + 2,
            what + ": y labels " + label.get("text") + " overlap");
      }
      previousCentre = centre;
    }
    double highest = num(chart.get("highest"));
    assertTrue(yMin() <= Math.min(0, num(chart.get("lowest"))), what + ": y starts at " + yMin());
    assertTrue(yMax() >= highest * 1.05 && yMax() > highest, what + ": the top ("
        + highest + ") has room below the scale's top " + yMax());
    return this;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> axis(int side) {
    for (Object a : (List<Object>) chart.get("axes")) {
      Map<String, Object> axis = (Map<String, Object>) a;
      if (num(axis.get("side")) == side && Boolean.TRUE.equals(axis.get("show"))) {
        return axis;
      }
    }
    throw new AssertionError("no axis on side " + side);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> labels(Map<String, Object> axis) {
    List<Map<String, Object>> labels = new ArrayList<>();
    for (Object l : (List<Object>) axis.get("labels")) {
      Map<String, Object> label = (Map<String, Object>) l;
      if (label.get("text") != null) {
        labels.add(label);
      }
    }
    return labels;
  }

  /** The highest value the chart draws. */
  double highest() {
    return num(chart.get("highest"));
  }

  /** Bars: the outer bars whole (half a slot of room at each end), one label per category. */
  void assertWholeBars(String what) {
    int categories = ((List<?>) chart.get("xs")).size();
    Map<String, Object> x = axis(2);
    assertTrue(num(x.get("min")) <= -0.5 && num(x.get("max")) >= categories - 0.5,
        what + ": the x scale " + x.get("min") + ".." + x.get("max") + " cuts the outer bars");
    assertEquals(categories, labels(x).size(), what + ": one label per category");
  }

  private static double num(Object value) {
    return ((Number) value).doubleValue();
  }
}
