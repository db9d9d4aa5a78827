package dev.needle.web.dataset;

import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.Split;

/** One registered image: its id (as in artifacts), its path under the dataset folder, and the class of eval images. */
public record SampleView(long id, String path, Split split, String evalClass) {

    static SampleView of(Sample s) {
        return new SampleView(s.id, s.path, s.split, s.evalClass);
    }
}
