package dev.needle.web.dashboard.annotate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.needle.web.assignment.AssignmentViews;
import dev.needle.web.dashboard.FormProblem;

/** What the annotator's pages show; built from {@link dev.needle.web.assignment.AssignmentService#myItems}. */
public final class AnnotateViews {

    private AnnotateViews() {
    }

    /** One open round of one project, as far as the viewer's share goes. */
    public record RoundWork(String project, String projectName, int round, String strategy, int assigned, int labeled) {

        public int percent() {
            return assigned == 0 ? 0 : labeled * 100 / assigned;
        }
    }

    public record ProjectWork(String slug, String name, List<RoundWork> rounds) {
    }

    /** A class button: {@code key} is its keyboard shortcut, 1–9 then 0 for the tenth; none after that. */
    public record ClassButton(String name, String key) {

        static List<ClassButton> of(List<String> classes) {
            List<ClassButton> out = new ArrayList<>();
            for (int i = 0; i < classes.size(); i++)
                out.add(new ClassButton(classes.get(i), i < 9 ? String.valueOf(i + 1) : i == 9 ? "0" : ""));
            return out;
        }
    }

    public record Item(int index, String fileName, String label, String thumbnail) {

        static List<Item> of(String project, AssignmentViews.MyItems mine) {
            List<Item> out = new ArrayList<>();
            for (AssignmentViews.Item item : mine.items())
                out.add(new Item(out.size(), item.fileName(), item.label(), AnnotateViews.thumbnail(project, item.fileName())));
            return out;
        }
    }

    /** How far the viewer's share is; {@code oob} renders it as an htmx out-of-band swap beside another answer. */
    public record Progress(String project, int round, List<Item> items, int labeled, boolean oob) {

        public int assigned() {
            return items.size();
        }

        public int percent() {
            return items.isEmpty() ? 0 : labeled * 100 / items.size();
        }
    }

    /**
     * The one-image-at-a-time labeler: the image at {@code at} of the viewer's share, the classes as buttons.
     * {@code open} is false once the round stopped taking labels; {@code classification} is false for detection
     * projects, whose boxes are drawn in a labeling tool.
     */
    public record Labeler(String project, int round, List<Item> items, int at, List<ClassButton> classes, boolean open,
            boolean classification, FormProblem problem) {

        public Item item() {
            return items.isEmpty() ? null : items.get(at);
        }

        public int total() {
            return items.size();
        }

        public int number() {
            return at + 1;
        }

        public int previous() {
            return (at - 1 + items.size()) % items.size();
        }

        public int next() {
            return (at + 1) % items.size();
        }

        public boolean allLabeled() {
            return items.stream().allMatch(i -> i.label() != null);
        }
    }

    /** The round's state as the status line shows it; it polls while the round runs. */
    public record RoundState(String project, int round, String status, String step, boolean doneSent,
            FormProblem problem) {

        RoundState refused(FormProblem why) {
            return new RoundState(project, round, status, step, doneSent, why);
        }

        public boolean running() {
            return "RUNNING".equals(status);
        }

        /** Whether labels are still taken: the round runs and waits for them. */
        public boolean labeling() {
            return running() && "LABELING".equals(step);
        }
    }

    /** What an upload did: how many labels were new or changed, or why nothing was stored. */
    public record UploadResult(String fileName, int recorded, int unchanged, FormProblem problem) {
    }

    static String thumbnail(String project, String fileName) {
        return "/projects/" + project + "/thumbnails?file=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8);
    }
}
