package id.born2control.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.audit.AuditRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit record in words of the official reading it: who (the range itself is "system"),
 * about what (a trainee, a challenge, a lab, an exercise), and what happened as a sentence built
 * from the record's details. The record's raw details stay available next to the sentence; an
 * action this page does not know is shown by its details alone.
 */
final class AuditTexts {

  /** One audit record as the log shows it. */
  public record AuditLine(AuditRecord record, String actor, String subject, boolean request,
      String sentence) {}

  private AuditTexts() {}

  static AuditLine line(AuditRecord r, StaffMessages words, FireMessages fire,
      ObjectMapper json) {
    JsonNode d;
    try {
      d = r.details() == null ? json.createObjectNode() : json.readTree(r.details());
    } catch (JsonProcessingException e) {
      d = json.createObjectNode();
    }
    String actor = "system".equals(r.actor()) ? words.audit_system() : r.actor();
    boolean request = "staff.request".equals(r.action());
    return new AuditLine(r, actor, request ? r.subject() : subject(r.subject(), words), request,
        sentence(r, d, words, fire));
  }

  private static String subject(String subject, StaffMessages words) {
    if (subject == null) {
      return "";
    }
    int colon = subject.indexOf(':');
    String kind = colon < 0 ? subject : subject.substring(0, colon);
    String name = colon < 0 ? "" : subject.substring(colon + 1);
    return switch (kind) {
      case "trainee" -> words.audit_subject_trainee(name);
      case "challenge" -> words.audit_subject_challenge(name);
      case "lab" -> words.audit_subject_lab(name);
      case "exercise" -> words.audit_subject_exercise(name);
      case "team" -> words.audit_subject_team(name);
      case "catalog" -> words.audit_subject_catalog();
      // A group commit's batch record names the range of submission ids it holds.
      case "submissions" -> {
        int dash = name.indexOf('-');
        yield dash < 0 ? subject
            : words.audit_subject_submissions(name.substring(0, dash), name.substring(dash + 1));
      }
      default -> subject;
    };
  }

  private static String sentence(AuditRecord r, JsonNode d, StaffMessages words,
      FireMessages fire) {
    String subjectName = r.subject() == null ? "" : r.subject().replaceFirst("^[a-z]+:", "");
    String challenge = d.hasNonNull("challenge") ? d.get("challenge").asText() : subjectName;
    return switch (r.action()) {
      case "solve" -> words.audit_solve(challenge, text(d, "position"), text(d, "value"));
      case "submission" -> words.audit_submission(challenge, status(text(d, "status"), words));
      // The group commit's record of a batch (SubmissionBatch): each line is in the details.
      case "submissions" -> words.audit_submissions(text(d, "count"),
          String.valueOf(d.path("solves").size()));
      case "score.first-blood" -> words.audit_first_blood(text(d, "points"), challenge);
      case "incident.flag-sharing" -> words.audit_flag_sharing(text(d, "incident"), challenge);
      // Hints are numbered from 1 on the pages; the record keeps the index from 0.
      case "hint.unlock" -> words.audit_hint(String.valueOf(d.path("hint").asInt() + 1),
          challenge, text(d, "cost"));
      case "score.defense" -> words.audit_defense(text(d, "check"), challenge,
          text(d, "points"));
      case "score.award" -> words.audit_award(text(d, "points"), text(d, "reason"));
      case "score.penalty" -> words.audit_penalty(text(d, "points"), text(d, "reason"));
      case "trainee.status" -> words.audit_status(d.path("banned").asBoolean() ? words.banned()
          : d.path("hidden").asBoolean() ? words.hidden() : words.ranked());
      case "exercise.create" -> words.audit_exercise_create(text(d, "name"));
      case "exercise.update" -> words.audit_exercise_update(text(d, "name"));
      case "catalog.sync" -> words.audit_catalog_sync(text(d, "added"), text(d, "updated"),
          text(d, "failed"), text(d, "retired"));
      case "lab.stop" -> words.audit_lab_stop(challenge, text(d, "owner"));
      case "lab.reset" -> words.audit_lab_reset(challenge, text(d, "owner"));
      case "lab.start" -> words.audit_lab_start(challenge, text(d, "owner"));
      case "lab.enter.terminal" -> words.audit_lab_terminal(challenge, text(d, "owner"));
      case "lab.enter.web" -> words.audit_lab_web(challenge, text(d, "owner"));
      case "lab.enter.check" -> words.audit_lab_check(challenge, text(d, "owner"));
      case "lab.enter.tunnel" -> words.audit_lab_tunnel(challenge, text(d, "owner"));
      case "lab.recording.read" -> words.audit_lab_recording(text(d, "recording"), challenge,
          text(d, "owner"));
      case "lab.debrief.read" -> words.audit_lab_debrief(challenge, text(d, "owner"));
      case "score.scenario" -> words.audit_scenario(challenge, text(d, "tick"),
          text(d, "points"));
      case "staff.request" -> words.audit_staff_request(text(d, "status"));
      case "team.create" -> words.audit_team_create(text(d, "name"));
      case "team.rename" -> words.audit_team_rename(text(d, "from"), text(d, "to"));
      case "team.move" -> words.audit_team_move(text(d, "trainee"), text(d, "to"));
      case "team.remove" -> words.audit_team_remove(text(d, "trainee"), text(d, "team"));
      case "team.dissolve" -> words.audit_team_dissolve(text(d, "name"));
      case "team.solve" -> words.audit_team_solve(challenge, text(d, "team"),
          text(d, "position"), text(d, "value"));
      case "team.score.first-blood" -> words.audit_team_first_blood(text(d, "points"),
          text(d, "challenge"), text(d, "team"));
      case "team.score.hint" -> words.audit_team_hint(text(d, "challenge"), text(d, "team"),
          text(d, "points"));
      case "livefire.schedule" -> fire.audit_livefire_schedule(challenge,
          names(d.path("cohorts")), time(d, "startsAt"), time(d, "endsAt"),
          text(d, "debriefSeconds"));
      case "livefire.retry" -> fire.audit_livefire_retry(
          String.valueOf(d.path("trainees").size()));
      case "livefire.end" -> fire.audit_livefire_end(time(d, "endsAt"),
          time(d, "plannedEndsAt"));
      default -> "";
    };
  }

  private static String status(String status, StaffMessages words) {
    return switch (status) {
      case "correct" -> words.submission_correct();
      case "wrong" -> words.submission_wrong();
      case "already_solved" -> words.submission_already_solved();
      case "partial" -> words.submission_partial();
      case "shared-flag" -> words.submission_shared_flag();
      default -> status;
    };
  }

  /** The names of a list, as "a, b" ("–" for none). */
  private static String names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.asText()));
    return names.isEmpty() ? "–" : String.join(", ", names);
  }

  /** A recorded instant as staff pages print times (the record's text if it is none). */
  private static String time(JsonNode d, String field) {
    String at = text(d, field);
    try {
      return StaffFormats.shortUtc(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return at;
    }
  }

  private static String text(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? "–" : v.asText();
  }
}
