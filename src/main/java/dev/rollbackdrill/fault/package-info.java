/**
 * The candidate release a drill deploys: {@link dev.rollbackdrill.fault.CandidateChange} turns a
 * known-good pod template into a no-op or a deliberately broken revision that works on any image.
 * Uses only the {@code scenario} model and fabric8's model classes; touches no cluster itself.
 */
package dev.rollbackdrill.fault;
