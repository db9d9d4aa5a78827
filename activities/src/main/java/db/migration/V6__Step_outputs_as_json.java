package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import dev.needle.activities.iteration.StepOutputsColumn;
import dev.needle.workflows.messages.values.StepOutputs;

/**
 * An iteration's step outputs move from one column each into one JSON column ({@link StepOutputs}), so a new output is
 * a field of a record rather than a column, a mapping in the entity and a key in the workflow. Existing rows are
 * converted here, in Java, because H2 and PostgreSQL build JSON with different SQL functions.
 */
public class V6__Step_outputs_as_json extends BaseJavaMigration {

    private static final List<String> OLD_COLUMNS = List.of("embeddings_artifact", "predictions_artifact",
            "model_used", "scores_artifact", "strategy_used", "cold_start", "labeling_started_at",
            "labeling_deadline_at", "deadline_extended", "deadline_expired", "model_produced", "accuracy",
            "training_size");

    @Override
    public void migrate(Context context) throws Exception {
        Connection db = context.getConnection();
        try (Statement ddl = db.createStatement()) {
            ddl.execute("alter table iteration add column outputs varchar(4000)");
        }
        try (Statement select = db.createStatement();
                ResultSet rows = select.executeQuery("select id, " + String.join(", ", OLD_COLUMNS) + " from iteration");
                PreparedStatement update = db.prepareStatement("update iteration set outputs = ? where id = ?")) {
            while (rows.next()) {
                StepOutputs outputs = new StepOutputs(
                        rows.getString("embeddings_artifact"),
                        rows.getString("predictions_artifact"),
                        rows.getString("model_used"),
                        rows.getString("scores_artifact"),
                        rows.getString("strategy_used"),
                        rows.getObject("cold_start", Boolean.class),
                        epochMillis(rows, "labeling_started_at"),
                        epochMillis(rows, "labeling_deadline_at"),
                        rows.getBoolean("deadline_extended"),
                        rows.getBoolean("deadline_expired"),
                        rows.getString("model_produced"),
                        rows.getObject("accuracy", Double.class),
                        rows.getObject("training_size", Integer.class));
                update.setString(1, StepOutputsColumn.toJson(outputs));
                update.setLong(2, rows.getLong("id"));
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement ddl = db.createStatement()) {
            ddl.execute("update iteration set outputs = '{}' where outputs is null");
            ddl.execute("alter table iteration alter column outputs set not null");
            for (String column : OLD_COLUMNS)
                ddl.execute("alter table iteration drop column " + column);
        }
    }

    private static Long epochMillis(ResultSet rows, String column) throws java.sql.SQLException {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant().toEpochMilli();
    }
}
