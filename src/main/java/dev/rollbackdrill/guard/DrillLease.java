package dev.rollbackdrill.guard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One drill per target: a {@code coordination.k8s.io} Lease named {@code
 * rollback-drill-DEPLOYMENT}, in the target's namespace, held for the drill's duration with the
 * runner's identity and renewed in the background. A second drill is refused with the holder's
 * name; a lease whose holder stopped renewing (a killed runner) expires after {@link #DURATION}
 * and may be taken over, and so may one whose holder is a process on this host that no longer
 * exists (kill -9): the holder identity names host and pid for exactly that check.
 */
public final class DrillLease implements AutoCloseable {

  public static final Duration DURATION = Duration.ofSeconds(30);
  private static final Duration RENEW = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String holder;
  private final Clock clock;
  private final ScheduledExecutorService renewer;
  /** The lease as this drill last wrote it (taken, renewed, annotated); null until taken. */
  private volatile Lease written;

  private DrillLease(KubernetesClient client, String namespace, String name, String holder, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.holder = holder;
    this.clock = clock;
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rollback-drill-lease-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The label every drill lease carries, with value {@link #US}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String US = "rollback-drill";
  private static final String PREFIX = "rollback-drill-";

  public static String leaseName(String deployment) {
    String n = PREFIX + deployment;
    return n.length() > 253 ? n.substring(0, 253) : n;
  }

  /** The Deployment a drill lease named {@code leaseName} is for, or null when it is not a drill lease. */
  public static String deploymentOf(String leaseName) {
    return leaseName.startsWith(PREFIX) && leaseName.length() > PREFIX.length() ? leaseName.substring(PREFIX.length())
        : null;
  }

  /**
   * Who runs this drill, as a lease holder: {@code user@host pid N drill ID}. The drill id makes it
   * unique even for two drills by the same person in one process, so neither mistakes the other's
   * lease for its own.
   */
  public static String runnerIdentity(String executedBy, String drillId) {
    return executedBy + "@" + hostName() + " pid " + ManagementFactory.getRuntimeMXBean().getPid() + " drill " + drillId;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }

  private static final Pattern HOLDER = Pattern.compile("@(\\S+) pid (\\d+)(?: drill \\S+)?$");

  /**
   * True when {@code l} no longer protects a running drill: it expired, or its holder is a process
   * on this host that is gone. A holder on another host, or whose pid is alive (even if reused), is
   * trusted until its lease expires.
   */
  public static boolean abandoned(Lease l, Clock clock) {
    return expired(l, clock) || holderDeadHere(l.getSpec().getHolderIdentity());
  }

  static boolean holderDeadHere(String holder) {
    Matcher m = holder == null ? null : HOLDER.matcher(holder);
    if (m == null || !m.find() || !m.group(1).equals(hostName())) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException notAPid) {
      return false;
    }
  }

  /**
   * Takes the lease for {@code deployment}, or throws naming who holds it.
   *
   * @throws LeaseHeldException when another live runner holds it
   */
  public static DrillLease acquire(KubernetesClient client, String namespace, String deployment, String holder, Clock clock)
      throws LeaseHeldException {
    DrillLease lease = new DrillLease(client, namespace, leaseName(deployment), holder, clock);
    lease.take();
    lease.renewer.scheduleAtFixedRate(lease::renew, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
    return lease;
  }

  private Resource<Lease> resource() {
    return client.resources(Lease.class).inNamespace(namespace).withName(name);
  }

  private void take() throws LeaseHeldException {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
    Lease existing = resource().get();
    Lease mine = new LeaseBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace)
        .addToLabels(MANAGED_BY, US).endMetadata()
        .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) DURATION.toSeconds())
        .withAcquireTime(now).withRenewTime(now).endSpec()
        .build();
    try {
      if (existing == null) {
        written = client.resources(Lease.class).inNamespace(namespace).resource(mine).create();
        return;
      }
      if (!abandoned(existing, clock) && !holder.equals(existing.getSpec().getHolderIdentity())) {
        throw new LeaseHeldException(describe(existing));
      }
      // A drill that ended without putting its target back left its record here: the target may
      // be on that drill's candidate, which this drill would take for known-good.
      java.util.Optional<KnownGood> left = KnownGood.read(existing);
      if (left.isPresent()) {
        throw new LeaseHeldException("a drill that did not finish left this target changed (" + left.get().describe()
            + "); run `drill recover --namespace " + namespace + "` first");
      }
      // Abandoned (its runner died) or ours: take it over, guarded by resourceVersion.
      mine.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      int transitions = existing.getSpec().getLeaseTransitions() == null ? 0 : existing.getSpec().getLeaseTransitions();
      mine.getSpec().setLeaseTransitions(transitions + 1);
      written = client.resources(Lease.class).inNamespace(namespace).resource(mine).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Lease now2 = resource().get();
        throw new LeaseHeldException(now2 == null ? "another drill took the lease at the same moment" : describe(now2));
      }
      throw e;
    }
  }

  static String describe(Lease l) {
    return "another drill is running on this target: lease " + l.getMetadata().getNamespace() + "/"
        + l.getMetadata().getName() + " is held by " + l.getSpec().getHolderIdentity()
        + " (renewed " + l.getSpec().getRenewTime() + ", expires after " + l.getSpec().getLeaseDurationSeconds() + " s without renewal)";
  }

  /** True when the lease's holder has not renewed it within its duration. */
  public static boolean expired(Lease l, Clock clock) {
    if (l.getSpec() == null || l.getSpec().getRenewTime() == null || l.getSpec().getLeaseDurationSeconds() == null) {
      return true;
    }
    ZonedDateTime until = l.getSpec().getRenewTime().plusSeconds(l.getSpec().getLeaseDurationSeconds());
    return until.isBefore(ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)));
  }

  private void renew() {
    try {
      written = resource().edit(l -> {
        if (holder.equals(l.getSpec().getHolderIdentity())) {
          l.getSpec().setRenewTime(ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)));
        }
        return l;
      });
    } catch (RuntimeException e) {
      // An API outage: the next renewal tries again; the lease stays ours until it expires.
    }
  }

  public String holder() {
    return holder;
  }

  /**
   * Sets one annotation on the lease (the drill's {@link KnownGood} record), guarded by its
   * resourceVersion so a concurrent renewal cannot drop it: retried on a conflict.
   */
  public void annotate(String key, String value) {
    for (int attempt = 1; ; attempt++) {
      try {
        // The lease as this drill last wrote it, read again only after a conflict (a renewal came between).
        Lease last = written;
        Lease l = attempt == 1 && last != null ? new LeaseBuilder(last).build() : resource().get();
        if (l == null || !holder.equals(l.getSpec().getHolderIdentity())) {
          throw new IllegalStateException("lease " + namespace + "/" + name + " is no longer held by this drill");
        }
        java.util.Map<String, String> a = new java.util.HashMap<>(
            l.getMetadata().getAnnotations() == null ? java.util.Map.of() : l.getMetadata().getAnnotations());
        a.put(key, value);
        l.getMetadata().setAnnotations(a);
        written = client.resources(Lease.class).inNamespace(namespace).resource(l).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Stops renewing but leaves the lease, and the record on it, in place: the drill could not put
   * its target back, and {@code drill recover} needs both. It counts as abandoned once it expires,
   * or at once on this host when this process is gone.
   */
  public void abandon() {
    renewer.shutdownNow();
  }

  /** Stops renewing and deletes the lease if it is still ours. */
  @Override
  public void close() {
    renewer.shutdownNow();
    try {
      Lease l = resource().get();
      if (l != null && holder.equals(l.getSpec().getHolderIdentity())) {
        resource().delete();
      }
    } catch (RuntimeException e) {
      // Unreleased, it expires by itself after DURATION.
    }
  }

  /** The lease is held by another live runner; the message names it. */
  public static final class LeaseHeldException extends Exception {
    private static final long serialVersionUID = 1L;

    public LeaseHeldException(String message) {
      super(message);
    }
  }
}
