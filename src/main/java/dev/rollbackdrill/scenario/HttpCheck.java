package dev.rollbackdrill.scenario;

/**
 * An HTTP check made through the API server's proxy: to {@code service} when set, else to every
 * ready pod. Healthy means {@code consecutive} answers in a row with {@code expectStatus}.
 */
public record HttpCheck(int port, String path, String service, int expectStatus, int consecutive) {}
