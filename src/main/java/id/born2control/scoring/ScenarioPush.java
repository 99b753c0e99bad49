package id.born2control.scoring;

import id.born2control.labs.LabScenarios.TickReport;
import id.born2control.scoring.ScenarioResource.TickLine;

/**
 * One tick of a lab's scenario as pushed live: what was stored for it and its score ({@code score}
 * null when scoring did not store one, e.g. another leader did).
 */
public record ScenarioPush(TickReport report, TickLine score) {}
