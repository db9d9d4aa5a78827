package dev.needle.workflows.iteration;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * How many images of the batch have a label. A round counts the file names it has seen (those the database listed
 * when it resumed, and labels that came inline) until the database first counts for it; from then on it holds the
 * database's count after each write, so its state does not grow with the labels however many an upload carries.
 */
final class LabelTally {

    private final Set<String> files = new HashSet<>();
    private int counted = -1;

    void addAll(Collection<String> fileNames) {
        files.addAll(fileNames);
    }

    /** The database's count after a write, which it takes over from the names. */
    void counted(int labeledInBatch) {
        counted = labeledInBatch;
    }

    boolean counting() {
        return counted >= 0;
    }

    /** Labels withdrawn: each was one of the batch's labeled images. */
    void withdrawn(Collection<String> fileNames) {
        if (counting())
            counted = Math.max(0, counted - fileNames.size());
        else
            files.removeAll(fileNames);
    }

    int size() {
        return counting() ? counted : files.size();
    }
}
