package dev.needle.activities.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;

import dev.needle.activities.IdentifiedEntity;

/**
 * Records a registration's samples and skipped files as plain JDBC batch inserts: a million rows pass through no
 * persistence context, dirty checking or per-entity bookkeeping, which otherwise cost a third of the writer's time.
 * Ids still come from Hibernate's own generator for the entity ({@code needle_seq}, allocated 50 at a time), so rows
 * written here and rows persisted elsewhere can never collide.
 */
@ApplicationScoped
public class SampleRows {

    private static final String INSERT_SAMPLE = "insert into sample"
            + " (id, dataset_id, path, content_hash, width, height, split, eval_class) values (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SKIPPED = "insert into skipped_file (id, dataset_id, path, reason)"
            + " values (?, ?, ?, ?)";

    @Inject
    SampleRepository samples;

    /** Inserts the rows in the current transaction and sets their ids. */
    public void insert(List<Sample> batch, List<SkippedFile> skipped) {
        SessionImplementor session = samples.getEntityManager().unwrap(SessionImplementor.class);
        for (Sample sample : batch)
            assignId(session, sample);
        for (SkippedFile file : skipped)
            assignId(session, file);
        session.doWork(connection -> {
            insertAll(connection, INSERT_SAMPLE, batch, (insert, sample) -> {
                insert.setLong(1, sample.id);
                insert.setLong(2, sample.datasetId);
                insert.setString(3, sample.path);
                insert.setString(4, sample.contentHash);
                insert.setInt(5, sample.width);
                insert.setInt(6, sample.height);
                insert.setString(7, sample.split.name());
                if (sample.evalClass == null)
                    insert.setNull(8, Types.VARCHAR);
                else
                    insert.setString(8, sample.evalClass);
            });
            insertAll(connection, INSERT_SKIPPED, skipped, (insert, file) -> {
                insert.setLong(1, file.id);
                insert.setLong(2, file.datasetId);
                insert.setString(3, file.path);
                insert.setString(4, file.reason);
            });
        });
    }

    /** Sets one row's parameters. */
    private interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    private static <T> void insertAll(Connection connection, String sql, List<T> rows, Binder<T> binder)
            throws SQLException {
        if (rows.isEmpty())
            return;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void assignId(SessionImplementor session, IdentifiedEntity entity) {
        BeforeExecutionGenerator generator = (BeforeExecutionGenerator) session.getFactory().getMappingMetamodel()
                .getEntityDescriptor(entity.getClass()).getGenerator();
        entity.id = (Long) generator.generate(session, entity, null, EventType.INSERT);
    }
}
