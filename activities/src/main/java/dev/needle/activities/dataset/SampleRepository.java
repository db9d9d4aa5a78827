package dev.needle.activities.dataset;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class SampleRepository implements PanacheRepository<Sample> {

    /** Every sample of the dataset in id order: the row order of its embedding matrix. */
    public List<Sample> inDataset(long datasetId) {
        return list("datasetId = ?1 order by id", datasetId);
    }

    /** Samples {@code from} to {@code from + count} of {@link #inDataset}: one shard, read without the rest. */
    public List<Sample> slice(long datasetId, int from, int count) {
        return find("datasetId = ?1 order by id", datasetId).range(from, from + count - 1).list();
    }

    public List<Sample> inSplit(long datasetId, Split split) {
        return list("datasetId = ?1 and split = ?2 order by id", datasetId, split);
    }

    /** Ids only, without loading entities: what selection and prediction need of a large pool. */
    public Set<Long> idsInSplit(long datasetId, Split split) {
        return new HashSet<>(find("select s.id from Sample s where s.datasetId = ?1 and s.split = ?2", datasetId, split)
                .project(Long.class).list());
    }

    /** {@link #idsInSplit} limited to ids from {@code fromId} to {@code toId}: one shard's part of a large pool. */
    public Set<Long> idsInSplit(long datasetId, Split split, long fromId, long toId) {
        return new HashSet<>(find("select s.id from Sample s where s.datasetId = ?1 and s.split = ?2"
                + " and s.id between ?3 and ?4", datasetId, split, fromId, toId).project(Long.class).list());
    }

    /** The samples of these ids, in no particular order. */
    public List<Sample> byIds(Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    public Optional<Sample> atPath(long datasetId, String path) {
        return find("datasetId = ?1 and path = ?2", datasetId, path).firstResultOptional();
    }

    /** Pool images without a label: what a round can still pick from. */
    public long unlabeledPoolCount(long datasetId) {
        return count("datasetId = ?1 and split = ?2", datasetId, Split.POOL)
                - count("datasetId = ?1 and split = ?2 and id in (select l.sampleId from Label l)", datasetId, Split.POOL);
    }

    public List<Sample> byPaths(long datasetId, Collection<String> paths) {
        return list("datasetId = ?1 and path in ?2", datasetId, paths);
    }
}
