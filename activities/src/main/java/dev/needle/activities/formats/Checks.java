package dev.needle.activities.formats;

import java.util.List;

/** The checks every format applies to probabilities, scores, boxes and categories. */
public final class Checks {

    private Checks() {
    }

    public static double probability(double value, String file, String field) {
        if (!(value >= 0 && value <= 1))
            throw new FormatException(file, field, "is " + value + " but must be in [0, 1]");
        return value;
    }

    /** The box lies inside the image and has an area: a box outside it means the file is for other images. */
    public static void box(double x, double y, double width, double height, ImageRef image, String file, String field) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !(width > 0) || !(height > 0)) {
            throw new FormatException(file, field, "needs finite x, y and a positive width and height");
        }
        if (x < 0 || y < 0 || x + width > image.width() + 1e-6 || y + height > image.height() + 1e-6) {
            throw new FormatException(file, field, "[" + x + ", " + y + ", " + width + ", " + height
                    + "] lies outside the image " + image.path() + " (" + image.width() + "×" + image.height() + ")");
        }
    }

    public static String category(String name, List<String> classes, String file, String field) {
        if (name == null || !classes.contains(name))
            throw new FormatException(file, field, "category " + name + " is not a class of the project " + classes);
        return name;
    }
}
