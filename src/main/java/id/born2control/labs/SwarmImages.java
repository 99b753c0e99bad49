package id.born2control.labs;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.SwarmNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Lab images on the swarm without a registry: built on the manager and copied to a node by
 * {@code docker save} from the manager and {@code docker load} into the node (image ids stay
 * identical), to every Ready node after a build and to a node that lacks one right before a lab
 * is placed there.
 */
final class SwarmImages {

  private static final Logger LOG = Logger.getLogger(SwarmImages.class);

  private final DockerEngine manager;
  private final SwarmNodes nodes;

  SwarmImages(DockerEngine manager, SwarmNodes nodes) {
    this.manager = manager;
    this.nodes = nodes;
  }

  /** Whether the manager, where images are built and copied from, has the image. */
  boolean exists(String tag) {
    return manager.hasImage(tag);
  }

  /** Builds on the manager, then copies the image to every Ready lab node that lacks it. */
  void build(Path context, String dockerfile, String tag) throws LabBackendException {
    manager.build(context, dockerfile, tag);
    for (SwarmNode node : nodes.ready()) {
      DockerEngine engine = nodes.engine(node.getDescription().getHostname());
      try {
        ensure(engine, tag);
      } catch (LabBackendException e) {
        LOG.warnf("Labs: %s not copied to %s yet (copied on its first lab): %s", tag,
            node.getDescription().getHostname(), e.getMessage());
      }
    }
  }

  /** docker save from the manager | docker load into the node, when the node lacks the image. */
  void ensure(DockerEngine engine, String tag) throws LabBackendException {
    if (engine == manager || engine.hasImage(tag)) {
      return;
    }
    long began = System.nanoTime();
    try (InputStream image = manager.client().saveImageCmd(tag).exec()) {
      engine.client().loadImageCmd(image).exec();
    } catch (IOException | DockerException | DockerClientException e) {
      throw new LabBackendException("the lab image could not be copied to its node: "
          + DockerEngine.clean(e.getMessage()), e);
    }
    LOG.infof("Labs: copied %s to a node in %d ms", tag, (System.nanoTime() - began) / 1_000_000);
  }
}
