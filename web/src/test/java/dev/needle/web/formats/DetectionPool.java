package dev.needle.web.formats;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.ZipFolder;

/**
 * A tiny generated detection pool (noise PNGs of {@value #WIDTH}×{@value #HEIGHT}) and a detector's output on it in
 * Lightly's prediction format.
 */
public final class DetectionPool {

    public static final int WIDTH = 64;
    public static final int HEIGHT = 48;
    public static final List<String> CLASSES = List.of("car", "person");

    public record Box(int category, double x, double y, double w, double h, double score) {
    }

    private DetectionPool() {
    }

    /** Writes {@code count} images under {@code folder/pool}; returns their paths relative to the folder. */
    public static List<String> images(Path folder, int count) throws IOException {
        Files.createDirectories(folder.resolve("pool"));
        Random random = new Random(7);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < HEIGHT; y++)
                for (int x = 0; x < WIDTH; x++)
                    image.setRGB(x, y, random.nextInt(1 << 24));
            String path = "pool/img_" + i + ".png";
            ImageIO.write(image, "png", folder.resolve(path).toFile());
            paths.add(path);
        }
        return paths;
    }

    /** Zero to three seeded boxes per image, inside the image, scores in (0, 1). */
    public static Map<String, List<Box>> detections(List<String> paths) {
        Random random = new Random(11);
        Map<String, List<Box>> out = new LinkedHashMap<>();
        for (String path : paths) {
            List<Box> boxes = new ArrayList<>();
            int n = random.nextInt(4);
            for (int b = 0; b < n; b++) {
                boxes.add(new Box(random.nextInt(2), random.nextInt(40), random.nextInt(30), 4 + random.nextInt(20),
                        4 + random.nextInt(15), 0.05 + 0.9 * random.nextDouble()));
            }
            out.put(path, boxes);
        }
        return out;
    }

    /** The Lightly prediction folder of one task {@code det}, zipped. */
    public static byte[] lightlyZip(Map<String, List<Box>> detections) {
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put("tasks.json", Json.write(Json.MAPPER.createArrayNode().add("det")));
        ObjectNode schema = Json.MAPPER.createObjectNode().put("task_type", "object-detection");
        ArrayNode categories = schema.putArray("categories");
        for (int c = 0; c < CLASSES.size(); c++)
            categories.addObject().put("id", c).put("name", CLASSES.get(c));
        folder.put("det/schema.json", Json.write(schema));
        detections.forEach((path, boxes) -> {
            ObjectNode file = Json.MAPPER.createObjectNode().put("file_name", path);
            ArrayNode predictions = file.putArray("predictions");
            for (Box b : boxes) {
                ObjectNode p = predictions.addObject().put("category_id", b.category()).put("score", b.score());
                p.putArray("bbox").add(b.x()).add(b.y()).add(b.w()).add(b.h());
            }
            String name = path.substring(path.lastIndexOf('/') + 1).replace(".png", ".json");
            folder.put("det/" + name, Json.write(file));
        });
        // Zipped with a parent folder, as users usually do it.
        Map<String, byte[]> nested = new LinkedHashMap<>();
        folder.forEach((k, v) -> nested.put(".lightly/predictions/" + k, v));
        return ZipFolder.write(nested);
    }
}
