package id.born2control.scoreboard.bench;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * BENCHMARK BUILD ONLY (compiled in by infra/bench/livefire.sh, never part of the range): the
 * stored scenario ticks whose end falls in a window, one line per lab and tick, read from the
 * rows the range stored (scenario_check_result, scenario_step_run) so the benchmark measures
 * what the range recorded, not what it was asked to do. Per line: instance, tick, tick end
 * (epoch ms), how long after the tick was due (its end plus its participant's phase) its
 * adversary steps and its checks were stored (ms; -1 without steps), its checks by outcome (ok,
 * down/faulty/compromised, not checked, of which recorded as missed by the range), and the
 * phase (ms). The phase is the range's ScenarioSchedule#phase written again in SQL (the
 * fractional part of the participant's id times the golden ratio, of a third of the tick, at
 * most 10 s): the benchmark build cannot reach that package-private method.
 */
@Path("/bench/ticks")
public class BenchTicksResource {

  private final EntityManager entityManager;

  BenchTicksResource(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  @SuppressWarnings("unchecked")
  public String ticks(@QueryParam("from") long fromMillis, @QueryParam("to") long toMillis,
      @QueryParam("tick") int tickSeconds) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<Object[]> rows = entityManager.createNativeQuery("""
          with t as (
            select c.instance_id, c.tick,
              coalesce(l.clock_start, l.started_at) + c.tick * :tick * interval '1 second' as ends,
              floor(mod(coalesce(l.team_id, l.trainee_id) * 0.6180339887498949, 1)
                * least(10000, :tick * 1000 / 3)) as phase,
              max(c.checked_at) as checked,
              count(*) filter (where c.status = 'OK') as ok,
              count(*) filter (where c.status not in ('OK', 'NOT_CHECKED')) as failed,
              count(*) filter (where c.status = 'NOT_CHECKED') as unchecked,
              count(*) filter (where c.reason = 'the range did not run this tick') as missed
            from scenario_check_result c join lab_instance l on l.instance_id = c.instance_id
            group by c.instance_id, c.tick, l.clock_start, l.started_at, l.team_id, l.trainee_id)
          select t.instance_id, t.tick,
            cast(extract(epoch from t.ends) * 1000 as bigint),
            coalesce((select cast(extract(epoch from max(s.ran_at) - t.ends) * 1000 - t.phase
              as bigint) from scenario_step_run s
              where s.instance_id = t.instance_id and s.tick = t.tick), -1),
            cast(extract(epoch from t.checked - t.ends) * 1000 - t.phase as bigint),
            t.ok, t.failed, t.unchecked, t.missed, cast(t.phase as bigint)
          from t
          where t.ends >= to_timestamp(:from / 1000.0) and t.ends < to_timestamp(:to / 1000.0)
          order by t.ends, t.instance_id""")
          .setParameter("tick", tickSeconds).setParameter("from", fromMillis)
          .setParameter("to", toMillis).getResultList();
      StringBuilder out = new StringBuilder();
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          out.append(i == 0 ? "" : " ").append(row[i]);
        }
        out.append('\n');
      }
      return out.toString();
    });
  }
}
