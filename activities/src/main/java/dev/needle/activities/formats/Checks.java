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
        String problem = boxProblem(x, y, width, height, image.width(), image.height());
        if (problem != null)
            throw new FormatException(file, field, problem + " of " + image.path());
    }

    /**
     * Why a box in pixels (top-left corner and size) does not fit an image of this size, or null when it does. The one
     * rule for boxes, whether they come in a file or as JSON labels.
     */
    public static String boxProblem(double x, double y, double width, double height, int imageWidth, int imageHeight) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)
                || !(width > 0) || !(height > 0))
            return "[" + x + ", " + y + ", " + width + ", " + height + "] needs finite x, y and a positive width and height";
        if (x < 0 || y < 0 || x + width > imageWidth + 1e-6 || y + height > imageHeight + 1e-6) {
            return "[" + x + ", " + y + ", " + width + ", " + height + "] lies outside the image (" + imageWidth + "×"
                    + imageHeight + ")";
        }
        return null;
    }

    public static String category(String name, List<String> classes, String file, String field) {
        if (name == null || !classes.contains(name))
            throw new FormatException(file, field, "category " + name + " is not a class of the project " + classes);
        return name;
    }
}
