package dev.rollbackdrill.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The images of one Docker engine, as the k3s provider needs them: whether one is present, a pull
 * with progress, a build from a folder, and a save of several into one archive (the format {@code
 * ctr images import} reads).
 */
final class DockerImages {

  private static final long PULL_MINUTES = 30;
  private static final long BUILD_MINUTES = 10;

  private final DockerClient docker;

  DockerImages(DockerClient docker) {
    this.docker = docker;
  }

  boolean present(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Pulls {@code image}, printing progress to {@code log} every few seconds.
   *
   * @throws ClusterException when the engine cannot pull it (no registry, no such image), with its reason
   */
  void pull(String image, PrintStream log) throws ClusterException {
    PullProgress progress = new PullProgress(image, log, System::nanoTime);
    log.println("[cluster] " + image + " is not present in Docker: pulling it");
    PullImageResultCallback callback = new PullImageResultCallback() {
      @Override
      public void onNext(PullResponseItem item) {
        super.onNext(item);
        var d = item.getProgressDetail();
        progress.event(item.getId(), item.getStatus(), d == null ? null : d.getCurrent(), d == null ? null : d.getTotal());
      }
    };
    try {
      boolean finished = docker.pullImageCmd(image).exec(callback).awaitCompletion(PULL_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        throw new ClusterException("pulling " + image + " took more than " + PULL_MINUTES + " minutes; stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while pulling " + image, e);
    } catch (RuntimeException e) {
      throw new ClusterException("cannot pull " + image + ": " + e.getMessage(), e);
    }
    if (!present(image)) {
      throw new ClusterException("the pull of " + image + " ended without the image");
    }
    log.println(progress.line().replace("pulling", "pulled"));
  }

  /**
   * Builds the image {@code tag} from {@code folder}'s {@code Dockerfile} with {@code args}, with no
   * network for its steps (only its base image is pulled, by the engine, when missing).
   */
  void build(Path folder, String tag, Map<String, String> args) throws ClusterException {
    var cmd = docker.buildImageCmd()
        .withBaseDirectory(folder.toFile())
        .withDockerfile(folder.resolve("Dockerfile").toFile())
        .withTags(Set.of(tag))
        .withNetworkMode("none");
    args.forEach(cmd::withBuildArg);
    try {
      cmd.exec(new BuildImageResultCallback()).awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      throw new ClusterException("cannot build " + tag + " from " + folder.resolve("Dockerfile") + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code images} into one archive at {@code archive}, replacing it. */
  void save(List<String> images, Path archive) throws ClusterException {
    var cmd = docker.saveImagesCmd();
    for (String image : images) {
      int colon = image.lastIndexOf(':');
      cmd.withImage(image.substring(0, colon), image.substring(colon + 1));
    }
    try (InputStream in = cmd.exec()) {
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      throw new ClusterException("cannot save " + images + " from Docker: " + e.getMessage(), e);
    }
  }
}
