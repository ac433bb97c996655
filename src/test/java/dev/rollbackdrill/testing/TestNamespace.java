package dev.rollbackdrill.testing;

/** The namespace a test owns on the local cluster. */
public record TestNamespace(String name) {}
