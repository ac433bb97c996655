package dev.rollbackdrill.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the project's throwaway PostgreSQL ({@code ci/cluster/postgres.sh}),
 * started on first use and left running. Each test method gets a database of its own, created
 * empty and dropped afterwards, injected as a {@link TestDatabase}; tests run in any order.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresExtension.class)
@Tag("postgres")
public @interface OnPostgres {}
