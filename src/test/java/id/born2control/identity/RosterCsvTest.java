package id.born2control.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RosterCsvTest {

  @Test
  void shouldKeepGoodRowsAndReportEachBadRowWithItsLine() {
    String csv = "participant_id,full_name,email,cohort\n"
        + "P001,Siti Rahma,siti@example.org,cohort-x\n"          // row 2 good
        + "P002,\"Budi, Jr.\",budi@example.org,cohort-x\n"       // row 3 good, quoted comma
        + "p001,Someone Else,else@example.org,cohort-x\n"        // row 4 duplicate (case-insensitive)
        + "P003,No Mail,,cohort-x\n"                             // row 5 missing email
        + "P004,Bad Mail,not-an-email,cohort-x\n"                // row 6 bad email
        + "P005,Too Few,too@example.org\n"                       // row 7 wrong field count
        + "\n"                                                   // row 8 blank, skipped
        + "P" + "9".repeat(70) + ",Long Id,long@example.org,cohort-x\n"  // row 9 too long
        + "P006,Sukarno,sukarno@example.org,cohort y\n";         // row 10 bad cohort
    RosterCsv.Parsed parsed = RosterCsv.parse(csv, 100);
    assertEquals(List.of("p001", "p002"),
        parsed.entries().stream().map(RosterCsv.Entry::participantId).toList());
    assertEquals("Budi, Jr.", parsed.entries().get(1).fullName());
    assertEquals(List.of(4, 5, 6, 7, 9, 10),
        parsed.errors().stream().map(RosterCsv.RowError::row).toList());
    assertTrue(parsed.errors().get(0).reason().contains("duplicate participant id p001 (first on row 2)"));
    assertEquals("missing email", parsed.errors().get(1).reason());
    assertTrue(parsed.errors().get(2).reason().startsWith("bad email"));
    assertTrue(parsed.errors().get(3).reason().contains("expected 4 or 5 fields"));
    assertTrue(parsed.errors().get(4).reason().contains("too long"));
    assertTrue(parsed.errors().get(5).reason().startsWith("cohort may only contain"));
  }

  @Test
  void shouldRejectTeamRowsOfAnotherCohortOverTheSizeOrInTwoTeams() {
    String csv = "participant_id,full_name,email,cohort,team\n"
        + "a,A,a@example.org,c1,Red\n"          // row 2 good
        + "b,B,b@example.org,c1,Red\n"          // row 3 good
        + "c,C,c@example.org,c1,red\n"          // row 4 over the size of 2 (names ignore case)
        + "d,D,d@example.org,c2,Blue\n"         // row 5 good
        + "e,E,e@example.org,c1,Blue\n"         // row 6 Blue is of cohort c2
        + "a,A,a@example.org,c1,Blue\n"         // row 7 a is in Red already
        + "f,F,f@example.org,c1\n";             // row 8 good, no team
    RosterCsv.Parsed parsed = RosterCsv.parse(csv, 100, 2);
    assertEquals(List.of("a", "b", "d", "f"),
        parsed.entries().stream().map(RosterCsv.Entry::participantId).toList());
    assertEquals(java.util.Arrays.asList("Red", "Red", "Blue", null),
        parsed.entries().stream().map(RosterCsv.Entry::team).toList());
    assertEquals(List.of(4, 6, 7), parsed.errors().stream().map(RosterCsv.RowError::row).toList());
    assertEquals(List.of("team-full", "team-cohort", "team-two-teams"),
        parsed.errors().stream().map(RosterCsv.RowError::code).toList());
    assertTrue(parsed.errors().get(1).reason().contains("team Blue is of cohort c2 (row 5)"));
  }

  @Test
  void shouldCountLinesOfQuotedNewlinesAndAcceptFileWithoutHeader() {
    String csv = "A1,\"Multi\nLine\",a1@example.org,c\r\nA2,Two,a2@example.org,c";
    RosterCsv.Parsed parsed = RosterCsv.parse(csv, 100);
    assertEquals(2, parsed.entries().size());
    assertEquals(3, parsed.entries().get(1).row());
  }

  @Test
  void shouldRefuseFileWithMoreRowsThanAllowed() {
    String csv = "a,A,a@example.org,c\nb,B,b@example.org,c\nc,C,c@example.org,c\n";
    assertThrows(RosterCsv.TooManyRows.class, () -> RosterCsv.parse(csv, 2));
  }

  @Test
  void shouldDefuseSpreadsheetFormulasInResultCells() {
    assertEquals("'=cmd()", RosterJob.cell("=cmd()"));
    assertEquals("\"a,b\"", RosterJob.cell("a,b"));
  }
}
