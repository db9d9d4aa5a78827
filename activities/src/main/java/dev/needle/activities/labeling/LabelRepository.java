package dev.needle.activities.labeling;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The label a labeling tool sent under {@code source} (see SubmitLabels#source), if one is stored. */
    public Optional<Label> bySource(String source) {
        return find("sourceRef", source).firstResultOptional();
    }

    /**
     * The iteration each labeled sample of the dataset was labeled in, by sample id; the value is null for a label
     * given outside any round (imported).
     */
    public Map<Long, Long> labelingIterations(long datasetId) {
        Map<Long, Long> out = new HashMap<>();
        for (Object[] row : getEntityManager()
                .createQuery("select l.sampleId, l.iterationId from Label l where l.sampleId in "
                        + "(select s.id from Sample s where s.datasetId = ?1)", Object[].class)
                .setParameter(1, datasetId)
                .getResultList())
            out.put((Long) row[0], (Long) row[1]);
        return out;
    }

    /** How many images of the iteration's batch have a label, whoever gave it: what the round waits on. */
    public long countInBatch(long iterationId) {
        return count("sampleId in (select s.sampleId from SelectedSample s where s.iterationId = ?1)", iterationId);
    }

    public long countForIteration(long iterationId) {
        return count("iterationId", iterationId);
    }
}
