package id.born2control.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exercise service's validation errors ({@code "field: what"}, English, for API clients) in
 * the words of the studio's reader: each known error becomes its message with the form's field
 * label; an error this page does not know is shown as the service wrote it.
 */
final class ExerciseErrorTexts {

  private static final Pattern ERROR = Pattern.compile("(\\w+): (.*)");
  private static final Pattern TAKEN = Pattern.compile("exercise (\\d+) already has this name");
  private static final Pattern UNKNOWN = Pattern.compile("'(.*)' is not in the catalog");
  private static final Pattern NO_SCENARIO = Pattern.compile(
      "'(.*)' has no lab with a scenario");
  private static final Pattern BETWEEN = Pattern.compile("between 0 and (\\d+)");

  private static final Pattern NO_TEAM = Pattern.compile("without team: (.*)");
  private static final Pattern SMALL_TEAM = Pattern.compile("team too small: (.*)");

  private ExerciseErrorTexts() {}

  static String text(String error, StaffMessages words) {
    Matcher noTeam = NO_TEAM.matcher(error);
    if (noTeam.matches()) {
      return words.exercise_error_without_team(noTeam.group(1));
    }
    Matcher smallTeam = SMALL_TEAM.matcher(error);
    if (smallTeam.matches()) {
      return words.exercise_error_team_too_small(smallTeam.group(1));
    }
    Matcher m = ERROR.matcher(error);
    if (!m.matches()) {
      return error;
    }
    String field = field(m.group(1), words);
    String what = m.group(2);
    Matcher taken = TAKEN.matcher(what);
    Matcher unknown = UNKNOWN.matcher(what);
    Matcher noScenario = NO_SCENARIO.matcher(what);
    Matcher between = BETWEEN.matcher(what);
    return switch (what) {
      case "required" -> words.exercise_error_required(field);
      case "at most 200 characters" -> words.exercise_error_name_long(field);
      case "must be after startsAt" -> words.exercise_error_ends_before(field);
      case "must not be before startsAt" -> words.exercise_error_freeze_before(field);
      case "must not be after endsAt" -> words.exercise_error_freeze_after(field);
      case "names must not be empty" -> words.exercise_error_empty_cohort(field);
      case "at least one cohort" -> words.livefire_error_no_cohort(field);
      default -> taken.matches() ? words.exercise_error_name_taken(field, taken.group(1))
          : unknown.matches() ? words.exercise_error_unknown_challenge(field, unknown.group(1))
          : noScenario.matches() ? words.livefire_error_no_scenario(field, noScenario.group(1))
          : between.matches() ? words.livefire_error_debrief_range(field, between.group(1))
          : error;
    };
  }

  /** The form's label of a request field. */
  static String field(String name, StaffMessages words) {
    return switch (name) {
      case "name" -> words.field_name();
      case "startsAt" -> words.field_starts();
      case "endsAt" -> words.field_ends();
      case "freezeAt" -> words.field_freeze();
      case "cohorts" -> words.field_cohorts();
      case "challenges" -> words.field_challenges();
      case "challenge" -> words.livefire_field_challenge();
      case "debriefSeconds" -> words.livefire_field_debrief();
      default -> name;
    };
  }
}
