package id.born2control.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Remembered callers (issue 17): no lookup per request, and what changed in the database behind
 * this instance's back is followed after the periodic check, not only after the caller's memory
 * runs out.
 */
@QuarkusTest
class RememberedCallersTest {

  @Inject
  IdentityService identities;

  @Inject
  RememberedCallers callers;

  @Inject
  EntityManager em;

  @Test
  void shouldFollowARecordChangedElsewhereOnceChecked() {
    QuarkusSecurityIdentity caller = caller();
    TraineeRef first = identities.current(caller);
    change("update trainee set display_name = 'Renamed Elsewhere' where id = ?1", first.id());
    assertEquals(first, identities.current(caller), "remembered: no lookup per request");

    callers.confirm();

    assertEquals("Renamed Elsewhere", identities.current(caller).displayName());
  }

  @Test
  void shouldKeepConfirmedCallersWithoutLookingThemUp() {
    QuarkusSecurityIdentity caller = caller();
    TraineeRef first = identities.current(caller);
    callers.confirm();
    // Changed after the check: still the remembered record, confirmed a moment ago.
    change("update trainee set display_name = 'Later' where id = ?1", first.id());
    assertEquals(first, identities.current(caller));
  }

  @Test
  void shouldRefuseACallerBannedElsewhereOnceChecked() {
    // The attacker: banned by another instance (or in the database), still submitting here.
    QuarkusSecurityIdentity caller = caller();
    TraineeRef first = identities.acting(caller);
    change("update trainee set banned = true where id = ?1", first.id());

    callers.confirm();

    assertThrows(BannedException.class, () -> identities.acting(caller));
  }

  @Test
  void shouldConfirmManyCallersInOneCheck() {
    List<QuarkusSecurityIdentity> many = new ArrayList<>();
    List<TraineeRef> refs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(caller());
      refs.add(identities.current(many.get(i)));
    }
    change("update trainee set display_name = 'Renamed Among Many' where id = ?1",
        refs.get(137).id());

    callers.confirm();

    assertEquals("Renamed Among Many", identities.current(many.get(137)).displayName());
    assertEquals(refs.get(0), identities.current(many.get(0)));
    assertEquals(refs.get(199), identities.current(many.get(199)));
  }

  @Test
  void shouldReadTheCallersIdsOncePerCheckNotOncePerTrainee() {
    // With "t.id = any(cast(?1 as bigint[]))" PostgreSQL chose a scan of every trainee that
    // parsed the whole id list again for each row: 24 s for 10,000 callers (RESULTS.md, run 6).
    String ids = LongStream.rangeClosed(1, 10_000).mapToObj(Long::toString)
        .collect(Collectors.joining(",", "{", "}"));
    String plan = QuarkusTransaction.requiringNew().call(() -> ((List<?>) em
        .createNativeQuery("explain " + RememberedCallers.CONFIRM_QUERY)
        .setParameter(1, ids).getResultList()).stream().map(String::valueOf)
        .collect(Collectors.joining("\n")));
    assertTrue(plan.contains("Function Scan on unnest"), plan);
    assertFalse(plan.contains("ANY"), plan);
  }

  private static QuarkusSecurityIdentity caller() {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal("remember-" + UUID.randomUUID()))
        .addRole(Roles.TRAINEE).build();
  }

  private void change(String sql, long id) {
    QuarkusTransaction.requiringNew().run(() ->
        em.createNativeQuery(sql).setParameter(1, id).executeUpdate());
  }
}
