package id.born2control.catalog;

import java.util.List;

/** What one catalog sync did, challenge by challenge. */
public record SyncReport(
    List<String> added,
    List<String> updated,
    List<String> unchanged,
    List<String> failed,
    List<String> retired,
    List<CatalogProblem> problems) {}
