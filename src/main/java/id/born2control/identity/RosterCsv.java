package id.born2control.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a roster file: CSV (RFC 4180 quoting, comma separated, optional header row) with the
 * columns participant id, full name, email, cohort and optionally team. Every bad row gets its own
 * error with its row number (the line of the record in the file, header included) and the reason;
 * good rows are kept. Within the file a team has one cohort and at most {@code maxTeam} rows, and
 * a participant is in one team: a row breaking that is rejected (what the database already holds
 * is checked by {@link RosterTeams#checkRoster}).
 */
final class RosterCsv {

  static final int MAX_ID = 64;
  static final int MAX_NAME = 200;
  static final int MAX_EMAIL = 254;
  static final int MAX_COHORT = 100;
  static final int MAX_TEAM = 100;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern COHORT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\",;<>]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  /** A good row: the participant id is lower-cased, as Keycloak stores user names. */
  record Entry(int row, String participantId, String fullName, String email, String cohort,
      String team) {}

  /** A row that cannot be imported, and why. */
  /**
   * A rejected row: {@code code} is stable (pages translate it), {@code reason} says it in English
   * with the details (the result file keeps it).
   */
  record RowError(int row, String participantId, String code, String reason) {}

  /** What is wrong with a row's fields: a stable code and the English words. */
  private record Problem(String code, String reason) {}

  record Parsed(List<Entry> entries, List<RowError> errors) {
    int rows() {
      return entries.size() + errors.size();
    }
  }

  /** The file has more data rows than allowed. */
  static final class TooManyRows extends RuntimeException {
    final int max;

    TooManyRows(int max) {
      super("more than " + max + " rows");
      this.max = max;
    }
  }

  private RosterCsv() {}

  static Parsed parse(String text, int maxRows) {
    return parse(text, maxRows, Integer.MAX_VALUE);
  }

  /** As {@link #parse(String, int)}, with teams of at most {@code maxTeam} members. */
  static Parsed parse(String text, int maxRows, int maxTeam) {
    List<Entry> entries = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Map<String, String> teamOf = new HashMap<>();
    Map<String, Entry> teamFirst = new HashMap<>();
    Map<String, Integer> teamSize = new HashMap<>();
    List<Record> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
    boolean first = true;
    for (Record record : records) {
      List<String> fields = record.fields();
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      if (first) {
        first = false;
        if (isHeader(fields)) {
          continue;
        }
      }
      if (entries.size() + errors.size() >= maxRows) {
        throw new TooManyRows(maxRows);
      }
      int row = record.line();
      String rawId = fields.isEmpty() ? "" : fields.get(0).trim();
      if (record.unterminatedQuote()) {
        errors.add(new RowError(row, rawId, "unclosed-quote", "a quoted field is not closed"));
        continue;
      }
      if (fields.size() != 4 && fields.size() != 5) {
        errors.add(new RowError(row, rawId, "field-count", "expected 4 or 5 fields (participant"
            + " id, full name, email, cohort, optional team), found " + fields.size()));
        continue;
      }
      String team = fields.size() == 5 && !fields.get(4).isBlank() ? fields.get(4).trim() : null;
      String id = rawId;
      String name = fields.get(1).trim();
      String email = fields.get(2).trim();
      String cohort = fields.get(3).trim();
      Problem problem = problem(id, name, email, cohort);
      if (problem != null) {
        errors.add(new RowError(row, id, problem.code(), problem.reason()));
        continue;
      }
      String key = id.toLowerCase(Locale.ROOT);
      Integer earlier = seen.putIfAbsent(key, row);
      if (earlier != null) {
        String before = teamOf.get(key);
        if (team != null && before != null && !before.equalsIgnoreCase(team)) {
          errors.add(new RowError(row, id, "team-two-teams", "participant " + id + " is already"
              + " in team " + before + " (row " + earlier + "); a trainee is in one team"));
        } else {
          errors.add(new RowError(row, id, "duplicate-id",
              "duplicate participant id " + id + " (first on row " + earlier + ")"));
        }
        continue;
      }
      if (team != null) {
        Problem teamProblem = teamProblem(team, cohort, teamFirst, teamSize, maxTeam);
        if (teamProblem != null) {
          errors.add(new RowError(row, id, teamProblem.code(), teamProblem.reason()));
          continue;
        }
        teamOf.put(key, team);
      }
      Entry entry = new Entry(row, key, name, email.toLowerCase(Locale.ROOT), cohort, team);
      if (team != null) {
        teamFirst.putIfAbsent(team.toLowerCase(Locale.ROOT), entry);
        teamSize.merge(team.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
      entries.add(entry);
    }
    return new Parsed(entries, errors);
  }

  /** What is wrong with a row's team within the file: its name, its cohort, its size. */
  private static Problem teamProblem(String team, String cohort, Map<String, Entry> first,
      Map<String, Integer> sizes, int maxTeam) {
    if (team.length() > MAX_TEAM || team.chars().anyMatch(Character::isISOControl)) {
      return new Problem("team-name", "team name must be at most " + MAX_TEAM
          + " printable characters");
    }
    String key = team.toLowerCase(Locale.ROOT);
    Entry earlier = first.get(key);
    if (earlier != null && !earlier.cohort().equals(cohort)) {
      return new Problem("team-cohort", "team " + team + " is of cohort " + earlier.cohort()
          + " (row " + earlier.row() + "), not " + cohort);
    }
    if (sizes.getOrDefault(key, 0) >= maxTeam) {
      return new Problem("team-full", "team " + team + " would have more than " + maxTeam
          + " members");
    }
    return null;
  }

  private static Problem problem(String id, String name, String email, String cohort) {
    if (id.isEmpty()) {
      return new Problem("missing-participant-id", "missing participant id");
    }
    if (name.isEmpty()) {
      return new Problem("missing-full-name", "missing full name");
    }
    if (email.isEmpty()) {
      return new Problem("missing-email", "missing email");
    }
    if (cohort.isEmpty()) {
      return new Problem("missing-cohort", "missing cohort");
    }
    if (id.length() > MAX_ID) {
      return new Problem("id-too-long",
          "participant id too long (" + id.length() + " characters, at most " + MAX_ID + ")");
    }
    if (!ID.matcher(id).matches()) {
      return new Problem("id-characters",
          "participant id may only contain letters, digits, '.', '_' and '-'");
    }
    if (name.length() > MAX_NAME) {
      return new Problem("name-too-long",
          "full name too long (" + name.length() + " characters, at most " + MAX_NAME + ")");
    }
    if (email.length() > MAX_EMAIL) {
      return new Problem("email-too-long",
          "email too long (" + email.length() + " characters, at most " + MAX_EMAIL + ")");
    }
    if (!EMAIL.matcher(email).matches()) {
      return new Problem("bad-email", "bad email: " + email);
    }
    if (cohort.length() > MAX_COHORT) {
      return new Problem("cohort-too-long",
          "cohort too long (" + cohort.length() + " characters, at most " + MAX_COHORT + ")");
    }
    if (!COHORT.matcher(cohort).matches()) {
      return new Problem("cohort-characters",
          "cohort may only contain letters, digits, '.', '_' and '-'");
    }
    return null;
  }

  private static boolean isHeader(List<String> fields) {
    String first = fields.get(0).trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    return first.equals("participantid") || first.equals("id");
  }

  private record Record(int line, List<String> fields, boolean unterminatedQuote) {}

  /** Splits the text into records, honouring quoted fields that contain commas or newlines. */
  private static List<Record> records(String text) {
    List<Record> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int recordLine = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '"' -> {
          if (field.toString().isBlank()) {
            field.setLength(0);
            quoted = true;
          } else {
            field.append(c);
          }
        }
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
        }
        case '\r' -> {
          // CRLF or a lone CR both end the record
          if (i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          fields.add(field.toString());
          field.setLength(0);
          records.add(new Record(recordLine, List.copyOf(fields), false));
          fields.clear();
          line++;
          recordLine = line;
        }
        case '\n' -> {
          fields.add(field.toString());
          field.setLength(0);
          records.add(new Record(recordLine, List.copyOf(fields), false));
          fields.clear();
          line++;
          recordLine = line;
        }
        default -> field.append(c);
      }
      i++;
    }
    if (quoted || field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(new Record(recordLine, List.copyOf(fields), quoted));
    }
    return records;
  }
}
