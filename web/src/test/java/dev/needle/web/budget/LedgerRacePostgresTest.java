package dev.needle.web.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The same race and property tests on a real PostgreSQL server (production's database), where the row lock is
 * PostgreSQL's own {@code SELECT ... FOR UPDATE}.
 */
@QuarkusTest
@TestProfile(LedgerRacePostgresTest.OnPostgres.class)
public class LedgerRacePostgresTest extends LedgerRaceContract {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theseTestsRunOnPostgres() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
        }
    }

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.db-kind", "postgresql", "needle.demo.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        private EmbeddedPostgres postgres;

        @Override
        public Map<String, String> start() {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            try {
                if (postgres != null)
                    postgres.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
