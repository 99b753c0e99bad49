package id.born2control.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.born2control.identity.IdentityService;
import id.born2control.identity.Roles;
import id.born2control.identity.TraineeRef;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Trainees submit flags. A wrong flag is an answer (200), not an error. */
@Path("/api/challenges/{slug}/submissions")
@Tag(name = "Submissions")
public class SubmissionResource {

  private final SubmissionJudge submissions;
  private final IdentityService identities;
  private final SecurityIdentity identity;
  private final ObjectMapper json;
  private final ScoringConfig config;
  private final RateLimiters limiters;
  private final java.util.concurrent.Semaphore judging;
  private final ManagedExecutor workers;

  SubmissionResource(SubmissionJudge submissions, IdentityService identities,
      SecurityIdentity identity, ObjectMapper json, ScoringConfig config, RateLimiters limiters,
      ManagedExecutor workers) {
    this.workers = workers;
    this.submissions = submissions;
    this.identities = identities;
    this.identity = identity;
    this.json = json;
    this.config = config;
    this.limiters = limiters;
    this.judging = limiters.judging();
  }

  /** The body: {@code {"flag": "..."}}. */
  public record SubmissionRequest(String flag) {}

  /**
   * Runs on the event loop: a remembered caller's flag for a plain challenge is judged from
   * memory and queued for the group commit without a worker thread (issue 17: the hand-over to a
   * worker and back, and the blocking body read, were a quarter of the service's CPU per
   * submission). Whatever needs the database (a caller not seen lately, attempts limits,
   * all-flags and team challenges, dynamic lab flags) goes on to a worker thread.
   */
  @POST
  @RolesAllowed(Roles.TRAINEE)
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Submit a flag; the answer says whether it was correct")
  public CompletionStage<SubmissionResult> submit(@PathParam("slug") String slug, byte[] body,
      @Context HttpServerRequest request) {
    if (body.length > config.maxBodyBytes()) {
      throw new ScoringErrors.SubmissionTooLarge(body.length, config.maxBodyBytes());
    }
    String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    TraineeRef known = identities.actingIfRemembered(identity);
    if (known == null) {
      return onWorker(() -> judge(identities.acting(identity), slug, body, ip));
    }
    String flag = admit(known, body);
    CompletionStage<SubmissionResult> answer = submissions.submitWithoutBlocking(known, slug,
        flag, ip);
    return answer != null ? answer : onWorker(() -> submissions.submit(known, slug, flag, ip));
  }

  private CompletionStage<SubmissionResult> judge(TraineeRef trainee, String slug, byte[] body,
      String ip) {
    return submissions.submit(trainee, slug, admit(trainee, body), ip);
  }

  /** The rate limit, then the flag from the body. */
  private String admit(TraineeRef trainee, byte[] body) {
    long wait = limiters.acquireSubmission(trainee.id());
    if (wait > 0) {
      throw new ScoringErrors.RateLimited(RateLimiter.retryAfterSeconds(wait),
          config.rateLimitSubmissions(), config.rateLimitSeconds());
    }
    return parse(body);
  }

  /**
   * Runs blocking judging on a worker thread (with this request's context) within one of the
   * bounded judging turns, so bursts queue instead of failing. A turn is held while the
   * submission is judged, not while it waits for its group commit: a queued submission holds no
   * database connection. Failures reach the exception mappers as they were thrown.
   */
  private CompletionStage<SubmissionResult> onWorker(
      Supplier<CompletionStage<SubmissionResult>> work) {
    CompletableFuture<SubmissionResult> answer = new CompletableFuture<>();
    workers.execute(() -> {
      try {
        awaitTurn();
        try {
          work.get().whenComplete((result, failure) -> {
            if (failure != null) {
              answer.completeExceptionally(failure instanceof CompletionException c
                  && c.getCause() != null ? c.getCause() : failure);
            } else {
              answer.complete(result);
            }
          });
        } finally {
          judging.release();
        }
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  private void awaitTurn() {
    try {
      if (!judging.tryAcquire(config.submissionQueueSeconds(), TimeUnit.SECONDS)) {
        throw new ScoringErrors.Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScoringErrors.Busy();
    }
  }

  private String parse(byte[] body) {
    if (body.length == 0) {
      throw new ScoringErrors.MalformedSubmission("the body is empty");
    }
    JsonNode node;
    try {
      node = json.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ScoringErrors.MalformedSubmission("the body is not valid JSON ("
          + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new ScoringErrors.MalformedSubmission("the body is not a JSON object");
    }
    JsonNode flag = node.get("flag");
    if (flag == null || flag.isNull()) {
      throw new ScoringErrors.MalformedSubmission("the field 'flag' is missing");
    }
    if (!flag.isTextual()) {
      throw new ScoringErrors.MalformedSubmission("the field 'flag' must be a string");
    }
    String text = flag.textValue();
    if (text.isBlank()) {
      throw new ScoringErrors.MalformedSubmission("the field 'flag' is empty");
    }
    if (text.length() > config.maxFlagLength()) {
      throw new ScoringErrors.FlagTooLong(text.length(), config.maxFlagLength());
    }
    return text;
  }
}
