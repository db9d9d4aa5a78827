package dev.needle.web.iteration;

import io.quarkus.test.junit.QuarkusTest;

/** One running round and one open campaign per project, on the embedded default database. */
@QuarkusTest
class OneRunPerProjectH2Test extends OneRunPerProjectContract {
}
