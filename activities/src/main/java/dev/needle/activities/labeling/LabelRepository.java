package dev.needle.activities.labeling;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class LabelRepository implements PanacheRepository<Label> {

    /** Every label on the dataset's samples. */
    public List<Label> inDataset(long datasetId) {
        return list("sampleId in (select s.id from Sample s where s.datasetId = ?1) order by sampleId", datasetId);
    }

    /** Ids of the dataset's samples that have a label. */
    public Set<Long> labeledSampleIds(long datasetId) {
        return new HashSet<>(find("select l.sampleId from Label l where l.sampleId in "
                + "(select s.id from Sample s where s.datasetId = ?1)", datasetId).project(Long.class).list());
    }

    /** {@link #labeledSampleIds(long)} limited to sample ids from {@code fromId} to {@code toId}. */
    public Set<Long> labeledSampleIds(long datasetId, long fromId, long toId) {
        return new HashSet<>(find("select l.sampleId from Label l where l.sampleId between ?2 and ?3 and l.sampleId in "
                + "(select s.id from Sample s where s.datasetId = ?1)", datasetId, fromId, toId).project(Long.class).list());
    }

    public List<Label> forSamples(Collection<Long> sampleIds) {
        return sampleIds.isEmpty() ? List.of() : list("sampleId in ?1", sampleIds);
    }

    public long countForIteration(long iterationId) {
        return count("iterationId", iterationId);
    }
}
