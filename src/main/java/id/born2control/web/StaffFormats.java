package id.born2control.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How staff pages print times: to the minute in UTC, the same in both languages. */
@TemplateExtension
final class StaffFormats {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private StaffFormats() {}

  /** {@code {at.shortUtc}}: {@code 2026-11-26 02:39:05 UTC}. */
  static String shortUtc(Instant at) {
    return at == null ? "" : UTC.format(at);
  }
}
