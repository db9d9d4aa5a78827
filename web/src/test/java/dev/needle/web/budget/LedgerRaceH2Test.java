package dev.needle.web.budget;

import io.quarkus.test.junit.QuarkusTest;

/** The ledger's race and property tests on the embedded default database. */
@QuarkusTest
class LedgerRaceH2Test extends LedgerRaceContract {
}
