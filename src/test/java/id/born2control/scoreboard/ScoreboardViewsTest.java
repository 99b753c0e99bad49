package id.born2control.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CSV cells as RFC 4180 and spreadsheets need them. */
class ScoreboardViewsTest {

  @Test
  void shouldQuoteAndNeutraliseCsvCells() {
    assertEquals("plain", ScoreboardViews.cell("plain"));
    assertEquals("\"a,b\"", ScoreboardViews.cell("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", ScoreboardViews.cell("say \"hi\""));
    assertEquals("\"two\r\nlines\"", ScoreboardViews.cell("two\r\nlines"));
    assertEquals("'=1+1", ScoreboardViews.cell("=1+1"));
    assertEquals("\"'=HYPERLINK(\"\"x\"\",1)\"", ScoreboardViews.cell("=HYPERLINK(\"x\",1)"));
    assertEquals("", ScoreboardViews.cell(null));
  }
}
