package id.born2control.identity;

import id.born2control.problem.RangeException;

/** The roster file as a whole cannot be imported (empty, too large, unreadable). */
class RosterRejectedException extends RangeException {

  RosterRejectedException(int status, String problem, String title, String detail) {
    super(status, problem, title, detail);
  }

  static RosterRejectedException tooManyRows(int max) {
    return new RosterRejectedException(413, "roster-too-large", "Roster too large",
        "A roster file may hold at most " + max + " rows; split the file and upload the parts.");
  }

  static RosterRejectedException empty() {
    return new RosterRejectedException(400, "roster-empty", "Empty roster",
        "The file has no rows. Expected CSV columns: participant id, full name, email, cohort.");
  }

  static RosterRejectedException notFound(String jobId) {
    return new RosterRejectedException(404, "roster-job-not-found", "Roster job not found",
        "No roster import " + jobId + " is known (jobs are kept for a day and not across restarts).");
  }

  static RosterRejectedException notFinished(String jobId) {
    return new RosterRejectedException(409, "roster-job-running", "Roster import still running",
        "Roster import " + jobId + " has not finished; its result file is ready when it has.");
  }
}
