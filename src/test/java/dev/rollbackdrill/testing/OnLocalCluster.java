package dev.rollbackdrill.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the shared local cluster ({@code ci/cluster/cluster.sh}), started on
 * first use and left running for the next test. Each test method gets its own namespace, marked
 * for drills and deleted afterwards, so tests run in any order. Parameters of type {@link
 * io.fabric8.kubernetes.client.KubernetesClient}, {@link TestNamespace} and {@link
 * dev.rollbackdrill.cluster.ClusterHandle} are injected.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalClusterExtension.class)
@Tag("cluster")
public @interface OnLocalCluster {}
