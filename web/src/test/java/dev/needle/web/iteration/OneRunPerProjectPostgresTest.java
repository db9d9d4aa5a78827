package dev.needle.web.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.needle.web.budget.LedgerRacePostgresTest;

/** The same guarantees on a real PostgreSQL server (production's database), sharing the ledger tests' server profile. */
@QuarkusTest
@TestProfile(LedgerRacePostgresTest.OnPostgres.class)
class OneRunPerProjectPostgresTest extends OneRunPerProjectContract {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theseTestsRunOnPostgres() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
        }
    }
}
