/**
 * Chaos during the rollback: the infrastructure faults a scenario's {@code chaos:} list injects
 * while a drill runs, one {@link dev.rollbackdrill.chaos.Injection} per kind ({@code PodKill},
 * {@code CpuPressure}, {@code QuotaSqueeze}), started and ended at phase boundaries by {@link
 * dev.rollbackdrill.chaos.ChaosSchedule}, which the drill ends first in its teardown, whatever
 * happened. Everything an injection creates carries {@value dev.rollbackdrill.chaos.Injection#LABEL}
 * with the drill's id, so {@code drill recover} finds what a killed harness left. Uses {@code
 * scenario}, {@code timing}, {@code kube} and the fabric8 client; the {@code drill} pipeline uses it.
 */
package dev.rollbackdrill.chaos;
