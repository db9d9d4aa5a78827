package dev.needle.activities.dataset;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.StorageConfig;
import dev.needle.activities.embedding.ImageFiles;
import dev.needle.activities.embedding.ImageInfo;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;

/**
 * Registers a folder of images as a dataset. Layout: {@code eval/<class>/**} are held-out images whose folder names
 * their class; every other image is in the pool. Files that are not readable images are skipped with a reason and
 * listed on the dataset, never fatal.
 */
@ApplicationScoped
public class DatasetRegistry {

    /** Rows per handover and per transaction: few enough to hold, many enough that commits stay cheap. */
    private static final int BATCH = 5_000;
    private static final long SMALL_FILE = 256 * 1024;
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
    /** Lengths of the columns (V1) a name, a path and the eval classes go into. */
    private static final int MAX_NAME = 200;
    private static final int MAX_PATH = 2000;
    private static final int MAX_CLASS = 200;
    private static final int MAX_CLASSES = 8000;

    @Inject
    StorageConfig storage;
    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    PendingDatasets pending;

    /**
     * Resolves a user-given folder under the datasets root. Refuses anything that escapes it, through {@code ..} or a
     * symbolic link, and the root itself: a dataset is one folder in it, not every dataset at once.
     */
    public Path resolve(String folder) {
        if (folder == null || folder.isBlank())
            throw new BadInputException("folder", "must not be empty");
        if (folder.length() > MAX_PATH)
            throw new BadInputException("folder", "is " + folder.length() + " characters long; at most " + MAX_PATH);
        Path root = datasetsRoot();
        Path path;
        try {
            path = root.resolve(folder).normalize();
        } catch (InvalidPathException e) {
            throw new BadInputException("folder", "is not a usable path: " + e.getReason());
        }
        if (!path.startsWith(root)) {
            throw new BadInputException("folder", "must be inside the datasets root " + root);
        }
        if (path.equals(root))
            throw new BadInputException("folder", "names the datasets root itself; name one folder inside it");
        if (!Files.isDirectory(path))
            throw new BadInputException("folder", "no such folder: " + folder);
        try {
            if (!path.toRealPath().startsWith(root.toRealPath())) {
                throw new BadInputException("folder", "must be inside the datasets root " + root);
            }
        } catch (IOException e) {
            throw new BadInputException("folder", "cannot read " + folder + ": " + e.getMessage());
        }
        return path;
    }

    public Path datasetsRoot() {
        return storage.datasetsRoot().toAbsolutePath().normalize();
    }

    public Path folderOf(Dataset dataset) {
        return datasetsRoot().resolve(dataset.root);
    }

    /**
     * Walks the folder as a stream and records samples in batches, so a large pool is never held in memory at once.
     * The dataset stays PENDING, seen by nothing else, until the last transaction makes it READY; if anything fails
     * part-way, the partial dataset is removed again, and if the process dies, {@link PendingDatasets} removes it.
     */
    public Dataset register(long projectId, String name, String folder) {
        if (name == null || name.isBlank())
            throw new BadInputException("name", "must not be empty");
        if (name.length() > MAX_NAME)
            throw new BadInputException("name", "is " + name.length() + " characters long; at most " + MAX_NAME);
        Path path = resolve(folder);
        Dataset dataset = pending.begin(projectId, name, datasetsRoot().relativize(path).toString().replace('\\', '/'));
        try {
            Scan scan = scan(dataset.id, path);
            QuarkusTransaction.requiringNew()
                    .run(
                            () -> {
                                Dataset d = datasets.findByIdOptional(dataset.id).filter(r -> !r.ready())
                                        .orElseThrow(() -> RefusedException.wrongState("name",
                                                "the registration stalled and was removed; register the folder again"));
                                Project project = projects.findById(projectId);
                                if (project.classes().isEmpty()) {
                                    if (scan.classes.isEmpty()) {
                                        throw new BadInputException("folder", "has no eval/<class>/ folders and project "
                                                + project.slug
                                                + " has no classes: create the project with its classes, or add eval/<class>/ folders");
                                    }
                                    if (String.join("\n", scan.classes).length() > MAX_CLASSES) {
                                        throw new BadInputException("folder", "eval/ has " + scan.classes.size()
                                                + " class folders, more than a project's classes can hold ("
                                                + MAX_CLASSES + " characters in all)");
                                    }
                                    project.setClasses(List.copyOf(scan.classes));
                                }
                                d.poolCount = scan.pool;
                                d.evalCount = scan.eval;
                                d.skippedCount = scan.skipped;
                                d.snapshot = scan.snapshot.toString(16);
                                d.status = DatasetStatus.READY;
                                d.progressAt = null;
                                d.registeredAt = Instant.now();
                            });
            Log.infof(
                    "Registered dataset %s: %d pool, %d eval, %d skipped", name, scan.pool, scan.eval, scan.skipped);
            return QuarkusTransaction.requiringNew().call(() -> datasets.findById(dataset.id));
        } catch (RuntimeException e) {
            pending.remove(dataset.id);
            throw e;
        }
    }

    /** A batch the walk hands to the writer; {@code failure} or {@code last} ends the handover. */
    private record Batch(List<Sample> samples, List<SkippedFile> skipped, RuntimeException failure, boolean last) {
    }

    private Scan scan(long datasetId, Path folder) {
        Set<String> projectClasses = QuarkusTransaction.requiringNew()
                .call(() -> new TreeSet<>(projects.findById(datasets.findById(datasetId).projectId).classes()));
        Scan scan = new Scan();
        // Reading files and writing rows overlap: the walk runs on its own thread, at most two batches ahead.
        BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(2);
        Thread walker = new Thread(() -> walk(datasetId, folder, projectClasses, scan, ready), "needle-register-walk");
        walker.setDaemon(true);
        walker.start();
        try {
            while (true) {
                Batch batch = ready.poll(PendingDatasets.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (batch == null) {
                    pending.heartbeat(datasetId); // a slow file: still alive
                    continue;
                }
                if (batch.last())
                    break;
                if (batch.failure() != null)
                    throw batch.failure();
                pending.write(datasetId, batch.samples(), batch.skipped());
                scan.skipped += batch.skipped().size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("registration interrupted", e);
        } finally {
            walker.interrupt(); // stops a walk whose writer gave up
        }
        if (scan.pool == 0)
            throw new BadInputException("folder", "no readable images outside eval/ to select from");
        return scan;
    }

    private static void walk(long datasetId, Path folder, Set<String> projectClasses, Scan scan,
            BlockingQueue<Batch> ready) {
        List<Sample> batch = new ArrayList<>(BATCH);
        List<SkippedFile> skipped = new ArrayList<>();
        try {
            SortedWalk.files(folder, (relative, file, attributes) -> {
                if (relative.startsWith(".") || relative.contains("/."))
                    return; // hidden files are not data
                Sample sample = new Sample();
                sample.datasetId = datasetId;
                sample.path = relative;
                String problem = classify(sample, relative, projectClasses);
                if (problem == null)
                    problem = inspect(sample, file, attributes.size());
                if (problem != null) {
                    skipped.add(skip(datasetId, relative, problem));
                } else {
                    batch.add(sample);
                    scan.add(sample);
                }
                if (batch.size() + skipped.size() >= BATCH)
                    handOver(ready, batch, skipped);
            });
            handOver(ready, batch, skipped);
            ready.put(new Batch(List.of(), List.of(), null, true));
        } catch (InterruptedException | InterruptedIOException e) {
            // the writer stopped first and has its own failure to report
        } catch (Throwable e) {
            // Whatever stops the walk must reach the writer, which would otherwise wait for ever.
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : e instanceof IOException io ? new UncheckedIOException("cannot list " + folder, io)
                            : new IllegalStateException("registration failed", e);
            try {
                ready.put(new Batch(List.of(), List.of(), failure, false));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void handOver(BlockingQueue<Batch> ready, List<Sample> batch, List<SkippedFile> skipped)
            throws InterruptedIOException {
        if (batch.isEmpty() && skipped.isEmpty())
            return;
        try {
            ready.put(new Batch(List.copyOf(batch), List.copyOf(skipped), null, false));
        } catch (InterruptedException e) {
            throw new InterruptedIOException("the writer stopped");
        }
        batch.clear();
        skipped.clear();
    }

    private static String classify(Sample sample, String relative, Set<String> projectClasses) {
        if (relative.length() > MAX_PATH)
            return "the path is " + relative.length() + " characters long; Needle records paths of up to " + MAX_PATH;
        if (!relative.startsWith("eval/")) {
            sample.split = Split.POOL;
            return null;
        }
        String[] parts = relative.split("/");
        if (parts.length < 3)
            return "eval images must be in a folder named after their class (eval/<class>/...)";
        if (parts[1].length() > MAX_CLASS)
            return "the class name (the folder under eval/) is longer than " + MAX_CLASS + " characters";
        if (!projectClasses.isEmpty() && !projectClasses.contains(parts[1])) {
            return "class " + parts[1] + " is not one of the project's classes";
        }
        sample.split = Split.EVAL;
        sample.evalClass = parts[1];
        return null;
    }

    private static String inspect(Sample sample, Path file, long size) {
        try {
            ImageInfo info;
            if (size <= SMALL_FILE) {
                // One read instead of three (header, tail, hash): what makes a million small files quick to register.
                byte[] bytes = Files.readAllBytes(file);
                info = ImageFiles.probe(bytes);
                ImageFiles.checkComplete(bytes, info);
                sample.contentHash = ImageFiles.sha256Hex(bytes);
            } else {
                info = ImageFiles.probe(file);
                ImageFiles.checkComplete(file, info);
                sample.contentHash = ImageFiles.sha256Hex(file);
            }
            sample.width = info.width();
            sample.height = info.height();
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static SkippedFile skip(long datasetId, String path, String reason) {
        SkippedFile skipped = new SkippedFile();
        skipped.datasetId = datasetId;
        skipped.path = path;
        skipped.reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        return skipped;
    }

    /** Running totals of a scan. The snapshot is a sum of per-file hashes, so it does not depend on listing order. */
    private static final class Scan {
        int pool;
        int eval;
        int skipped;
        final Set<String> classes = new TreeSet<>();
        BigInteger snapshot = BigInteger.ZERO;

        void add(Sample sample) {
            if (sample.split == Split.POOL)
                pool++;
            else {
                eval++;
                classes.add(sample.evalClass);
            }
            snapshot = snapshot.add(new BigInteger(1, sha256(sample.path + "\n" + sample.contentHash))).mod(MOD);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
