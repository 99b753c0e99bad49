package id.born2control.identity;

import java.util.List;

/**
 * The signed-in person as {@code GET /api/me} shows it; {@code team} is the team they are in now
 * (null when none).
 */
public record Me(String username, String displayName, String cohort, List<String> roles,
    String team) {}
