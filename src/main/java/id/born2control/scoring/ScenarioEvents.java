package id.born2control.scoring;

import id.born2control.cluster.LiveFeed;
import id.born2control.labs.LabScenarios;
import id.born2control.labs.ScenarioTickRan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Pushes every tick of a scenario lab, once stored and scored, to the streams open on it: its
 * owner's panel ({@link #ofLab}) and the staff wall of its challenge ({@link #ofChallenge}), on
 * every instance (the live feed carries it from the leader that ran the tick). A stream only
 * ever gets the ticks of the lab or challenge it was opened for, after its caller was checked.
 */
@ApplicationScoped
class ScenarioEvents {

  private static final Logger LOG = Logger.getLogger(ScenarioEvents.class);
  private static final String TOPIC = "scenario";
  /** Ticks a slow client may lag before its stream fails (it then reconnects and re-reads). */
  private static final int CLIENT_BUFFER = 256;

  private final LabScenarios scenarios;
  private final LiveFeed feed;
  private final BroadcastProcessor<ScenarioPush> processor = BroadcastProcessor.create();

  ScenarioEvents(LabScenarios scenarios, LiveFeed feed) {
    this.scenarios = scenarios;
    this.feed = feed;
  }

  void onStart(@Observes StartupEvent event) {
    feed.subscribe(TOPIC, ScenarioPush.class, this::publish);
  }

  /**
   * After {@link ScenarioTickScores} stored the tick's score (a later priority: synchronous
   * observers run in priority order), so the push carries it.
   */
  void onTick(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) ScenarioTickRan ran) {
    try {
      ScenarioPush push = QuarkusTransaction.requiringNew().call(() -> {
        ScenarioPush p = new ScenarioPush(scenarios.tick(ran.instanceId(), ran.tick()),
            ScenarioTickScore.of(ran.instanceId(), ran.tick()).map(ScenarioResource::line)
                .orElse(null));
        feed.publish(TOPIC, p);
        return p;
      });
      publish(push);
    } catch (RuntimeException e) {
      // the tick is stored and scored; a client that missed its push re-reads on reconnect
      LOG.warnf("Scenario: tick %d of %s not pushed: %s", ran.tick(), ran.instanceId(),
          e.getMessage());
    }
  }

  private synchronized void publish(ScenarioPush push) {
    processor.onNext(push);
  }

  /**
   * The ticks of one lab (its caller checked first). Filtered before the buffer, so a client's
   * buffer holds its own lab's ticks only; the buffer keeps what the SSE writer has not asked for
   * yet (without it, a tick published before the writer requests would fail the stream).
   */
  Multi<ScenarioPush> ofLab(String instanceId) {
    return processor.filter(p -> p.report().lab().equals(instanceId))
        .onOverflow().buffer(CLIENT_BUFFER);
  }

  /** The ticks of every lab of one challenge (staff only), buffered as above. */
  Multi<ScenarioPush> ofChallenge(String slug) {
    return processor.filter(p -> p.report().challenge().equals(slug))
        .onOverflow().buffer(CLIENT_BUFFER);
  }
}
