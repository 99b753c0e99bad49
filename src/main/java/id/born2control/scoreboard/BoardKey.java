package id.born2control.scoreboard;

/**
 * Which board: {@code exerciseId} null for every exercise together (overall), {@code cohort} null
 * for every cohort.
 */
record BoardKey(Long exerciseId, String cohort) {

  static final BoardKey OVERALL = new BoardKey(null, null);

  boolean overall() {
    return exerciseId == null;
  }
}
