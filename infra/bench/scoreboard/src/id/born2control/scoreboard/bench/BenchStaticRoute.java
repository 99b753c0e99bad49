package id.born2control.scoreboard.bench;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.event.Observes;

/**
 * BENCHMARK BUILD ONLY: serves the folder named by {@code -Dbench.static.dir} under
 * {@code /bench/static/} with Vert.x's static handler (what serves META-INF/resources), so the
 * scoreboard page can be compared with a static file of the same size written at bench time.
 */
public class BenchStaticRoute {

  void routes(@Observes Router router) {
    String dir = System.getProperty("bench.static.dir");
    if (dir != null) {
      router.get("/bench/static/*").handler(StaticHandler.create(FileSystemAccess.ROOT, dir)
          .setCachingEnabled(true).setFilesReadOnly(true));
    }
  }
}
