package dev.needle.web.dashboard.manage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.needle.web.assignment.AssignmentViews;
import dev.needle.web.budget.BudgetViews;
import dev.needle.web.dashboard.FormProblem;
import dev.needle.web.dashboard.manage.BudgetOutlook.Forecast;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundValue;
import dev.needle.web.iteration.IterationSummary;
import dev.needle.web.project.ProjectView;

/** What the manager's pages show; built by {@link ManagePage} from one budget statement per project. */
public final class ManageViews {

    private ManageViews() {
    }

    /** What a form was sent with, and the service's refusal or the success to show beside it. */
    public record Form(Map<String, String> values, FormProblem problem, String done) {

        static Form empty() {
            return new Form(Map.of(), null, null);
        }

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public boolean invalid(String name) {
            return problem != null && problem.isAbout(name);
        }

        /** A refusal about none of the form's own fields (e.g. "set a budget first"), shown under the form. */
        public FormProblem general() {
            return problem != null && (problem.field() == null || !values.containsKey(problem.field())) ? problem : null;
        }
    }

    /** The budget card: figures, the forecast they give, and the forms that change them. */
    public record BudgetCard(String project, String taskType, BudgetViews.Budget budget, Forecast forecast,
            boolean canEdit, Form budgetForm, Form costForm, Form adjustForm) {

        public String currency() {
            return budget.currency() == null ? "" : budget.currency();
        }

        public String currentCost() {
            return budget.costs().stream().filter(c -> c.taskType().equals(taskType)).findFirst()
                    .map(c -> c.cost().toPlainString()).orElse("");
        }
    }

    public record ProjectRow(ProjectView project, BudgetViews.Budget budget, int rounds, IterationSummary latest) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** The progress table's row; {@code percent} for its bar. */
    public record AnnotatorRow(AssignmentViews.Progress progress) {

        public int percent() {
            return progress.assigned() == 0 ? 0 : progress.labeled() * 100 / progress.assigned();
        }

        public String first() {
            return time(progress.firstLabelAt());
        }

        public String last() {
            return time(progress.lastLabelAt());
        }

        private static String time(Instant at) {
            return at == null ? "—" : TIME.format(at);
        }

        public String active() {
            long s = progress.activeSeconds();
            return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : String.format("%.1f h", s / 3600.0);
        }
    }

    public record Project(ProjectView project, BudgetCard card, BudgetViews.Spend spend, List<RoundValue> value,
            IterationSummary current, List<AnnotatorRow> progress) {
    }

    /** The charts' data, from the same figures as the page's tables. */
    public record Charts(String currency, List<Integer> rounds, List<BigDecimal> spent, List<BigDecimal> released,
            List<String> annotators, List<BigDecimal> annotatorSpent, List<Integer> annotatorLabels,
            List<Integer> valueRounds, List<Double> gainPerUnit, List<Double> accuracy) {
    }
}
