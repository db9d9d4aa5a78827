package dev.needle.activities.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.needle.activities.iteration.StepOutputsColumn;
import dev.needle.workflows.messages.values.StepOutputs;

/**
 * V6 moves an iteration's step outputs from a column each into one JSON column. Rows written before it must read back
 * with every output they had, on both databases the migrations serve.
 */
class StepOutputsMigrationTest {

    @Test
    void onH2_rowsFromBeforeKeepEveryOutput() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:migration-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        givenRowsAtV5_whenMigrated_theyKeepEveryOutput(h2);
    }

    @Test
    void onPostgres_rowsFromBeforeKeepEveryOutput() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            givenRowsAtV5_whenMigrated_theyKeepEveryOutput(postgres.getPostgresDatabase());
        }
    }

    private static void givenRowsAtV5_whenMigrated_theyKeepEveryOutput(DataSource db) throws SQLException {
        migrate(db, "5");
        try (Connection c = db.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("insert into project (id, slug, name, classes, created_at) values (1, 'p', 'P', 'cat', now())");
            sql.execute("insert into dataset (id, project_id, name, root, snapshot, pool_count, eval_count, "
                    + "skipped_count, registered_at) values (2, 1, 'd', 'd', 's', 10, 0, 0, now())");
            // A round that went all the way, and a fresh one with nothing recorded yet.
            sql.execute("insert into iteration (id, project_id, dataset_id, round, strategy, batch_size, seed, scorer,"
                    + " labeling_deadline_seconds, status, step, workflow_id, embeddings_artifact, predictions_artifact,"
                    + " model_used, scores_artifact, strategy_used, cold_start, labeling_started_at,"
                    + " labeling_deadline_at, deadline_extended, deadline_expired, model_produced, accuracy,"
                    + " training_size, created_at, updated_at) values (3, 1, 2, 1, 'CORAL', 5, 0, 'uncertainty_margin',"
                    + " 60, 'COMPLETED', 'DONE', 'iteration-1-1', 'embeddings/e', 'predictions/p', 'p-r0', 'scores/s',"
                    + " 'CORAL', false, timestamp with time zone '2026-12-01 10:00:00+00',"
                    + " timestamp with time zone '2026-12-03 10:00:00+00', true, true, 'p-r1', 0.75, 5, now(), now())");
            sql.execute("insert into iteration (id, project_id, dataset_id, round, strategy, batch_size, seed, scorer,"
                    + " labeling_deadline_seconds, status, deadline_expired, workflow_id, created_at, updated_at)"
                    + " values (4, 1, 2, 2, 'RANDOM', 5, 0, 'uncertainty_margin', 60, 'RUNNING', false,"
                    + " 'iteration-1-2', now(), now())");
        }

        migrate(db, null);

        StepOutputsColumn column = new StepOutputsColumn();
        StepOutputs done = column.convertToEntityAttribute(outputsOf(db, 3));
        assertEquals(new StepOutputs("embeddings/e", "predictions/p", "p-r0", "scores/s", "CORAL", false,
                Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(),
                Instant.parse("2026-12-03T10:00:00Z").toEpochMilli(), true, true, "p-r1", 0.75, 5), done);
        assertEquals(StepOutputs.NONE, column.convertToEntityAttribute(outputsOf(db, 4)));
        Set<String> columns = columnsOf(db);
        for (String gone : Set.of("embeddings_artifact", "cold_start", "labeling_deadline_at", "accuracy"))
            assertFalse(columns.contains(gone), gone + " is still a column: " + columns);
    }

    private static void migrate(DataSource db, String target) {
        var config = Flyway.configure().dataSource(db).locations("classpath:db/migration");
        if (target != null)
            config.target(target);
        config.load().migrate();
    }

    private static String outputsOf(DataSource db, long id) throws SQLException {
        try (Connection c = db.getConnection();
                Statement sql = c.createStatement();
                ResultSet row = sql.executeQuery("select outputs from iteration where id = " + id)) {
            row.next();
            return row.getString(1);
        }
    }

    private static Set<String> columnsOf(DataSource db) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Connection c = db.getConnection();
                ResultSet rows = c.getMetaData().getColumns(null, null, null, null)) {
            while (rows.next()) {
                if (rows.getString("TABLE_NAME").equalsIgnoreCase("iteration"))
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase());
            }
        }
        return columns;
    }
}
