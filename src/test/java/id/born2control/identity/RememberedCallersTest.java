package id.born2control.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
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
