package dev.needle.web.dashboard.manage;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.BadInputException;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.assignment.AssignmentViews;
import dev.needle.web.budget.BudgetService;
import dev.needle.web.budget.BudgetViews;
import dev.needle.web.dashboard.FormProblem;
import dev.needle.web.dashboard.manage.BudgetOutlook.Forecast;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundFigures;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundValue;
import dev.needle.web.iteration.IterationService;
import dev.needle.web.iteration.IterationSummary;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;

/**
 * The manager's pages: every project's money, and one project's budget, spend, value per unit of spend, forecast
 * and the current round's progress. Managers change the budget here; ML-ops read it, as the API lets them.
 */
@Path("/manage")
public class ManagePage {

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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ProjectRow> projects);

        static native TemplateInstance project(Project page);

        static native TemplateInstance project$budget(BudgetCard card);
    }

    @Inject
    ProjectService projects;
    @Inject
    BudgetService budgets;
    @Inject
    IterationService iterations;
    @Inject
    AssignmentService assignments;
    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    public TemplateInstance index() {
        List<ProjectRow> rows = new ArrayList<>();
        for (ProjectView p : projects.list()) {
            List<IterationSummary> its = iterations.list(p.slug());
            rows.add(new ProjectRow(p, budgets.get(p.slug()), its.size(), its.isEmpty() ? null : its.get(its.size() - 1)));
        }
        return Templates.index(rows);
    }

    @GET
    @Path("/{project}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    public TemplateInstance project(@PathParam("project") String project) {
        return Templates.project(page(project, Form.empty(), Form.empty(), Form.empty()));
    }

    @GET
    @Path("/{project}/charts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    public Charts charts(@PathParam("project") String project) {
        BudgetViews.Spend spend = budgets.spend(project);
        List<RoundValue> value = BudgetOutlook.value(figures(iterations.list(project), spend));
        List<RoundValue> measured = value.stream().filter(v -> v.gainPerUnit() != null).toList();
        return new Charts(spend.currency(),
                spend.rounds().stream().map(BudgetViews.RoundSpend::round).toList(),
                spend.rounds().stream().map(BudgetViews.RoundSpend::spent).toList(),
                spend.rounds().stream().map(BudgetViews.RoundSpend::released).toList(),
                spend.annotators().stream().map(BudgetViews.AnnotatorSpend::annotator).toList(),
                spend.annotators().stream().map(BudgetViews.AnnotatorSpend::spent).toList(),
                spend.annotators().stream().map(BudgetViews.AnnotatorSpend::labels).toList(),
                measured.stream().map(RoundValue::round).toList(),
                measured.stream().map(RoundValue::gainPerUnit).toList(),
                measured.stream().map(RoundValue::accuracy).toList());
    }

    @POST
    @Path("/{project}/budget")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MANAGER)
    public Response setBudget(@PathParam("project") String project, @RestForm("amount") String amount,
            @RestForm("currency") String currency, @RestForm("overrunPolicy") String overrunPolicy,
            @HeaderParam("HX-Request") String htmx) {
        Map<String, String> sent = values("amount", amount, "currency", currency, "overrunPolicy", overrunPolicy);
        Form form = act(sent, () -> {
            budgets.set(project, new BudgetViews.SetBudget(number("amount", amount), blankToNull(currency),
                    blankToNull(overrunPolicy)), me());
            return "Budget set.";
        });
        return answer(project, htmx, form, Form.empty(), Form.empty());
    }

    @POST
    @Path("/{project}/cost")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MANAGER)
    public Response setCost(@PathParam("project") String project, @RestForm("taskType") String taskType,
            @RestForm("cost") String cost, @HeaderParam("HX-Request") String htmx) {
        Map<String, String> sent = values("taskType", taskType, "cost", cost);
        Form form = act(sent, () -> {
            budgets.setCost(project, taskType, new BudgetViews.SetCost(number("cost", cost)), me());
            return "Cost per label set; it applies from the next round.";
        });
        return answer(project, htmx, Form.empty(), form, Form.empty());
    }

    @POST
    @Path("/{project}/adjust")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MANAGER)
    public Response adjust(@PathParam("project") String project, @RestForm("amount") String amount,
            @RestForm("reason") String reason, @HeaderParam("HX-Request") String htmx) {
        Map<String, String> sent = values("amount", amount, "reason", reason);
        Form form = act(sent, () -> {
            budgets.adjust(project, new BudgetViews.Adjustment(number("amount", amount), reason), me());
            return "Adjustment recorded.";
        });
        return answer(project, htmx, Form.empty(), Form.empty(), form);
    }

    private interface Action {
        String run();
    }

    private static Form act(Map<String, String> sent, Action action) {
        try {
            return new Form(Map.of(), null, action.run());
        } catch (ProblemException | BadInputException e) {
            return new Form(sent, FormProblem.of(e), null);
        }
    }

    /** htmx swaps the budget card; a plain post gets the page (after a success, by redirect, so reload is safe). */
    private Response answer(String project, String htmx, Form budgetForm, Form costForm, Form adjustForm) {
        FormProblem problem = budgetForm.problem() != null ? budgetForm.problem()
                : costForm.problem() != null ? costForm.problem() : adjustForm.problem();
        int status = problem == null ? 200 : problem.status();
        if (htmx != null) {
            return Response.status(status).entity(Templates.project$budget(card(project,
                    projects.get(project), budgetForm, costForm, adjustForm))).build();
        }
        if (problem == null)
            return Response.seeOther(URI.create("/manage/" + project)).build();
        return Response.status(status).entity(Templates.project(page(project, budgetForm, costForm, adjustForm))).build();
    }

    private Project page(String slug, Form budgetForm, Form costForm, Form adjustForm) {
        ProjectView project = projects.get(slug);
        List<IterationSummary> its = iterations.list(slug);
        BudgetViews.Spend spend = budgets.spend(slug);
        IterationSummary current = its.isEmpty() ? null : its.get(its.size() - 1);
        List<AnnotatorRow> progress = current == null ? List.of()
                : assignments.progress(slug, current.round()).stream().map(AnnotatorRow::new).toList();
        return new Project(project, card(slug, project, budgetForm, costForm, adjustForm), spend,
                BudgetOutlook.value(figures(its, spend)), current, progress);
    }

    private BudgetCard card(String slug, ProjectView project, Form budgetForm, Form costForm, Form adjustForm) {
        BudgetViews.Budget budget = budgets.get(slug);
        Forecast forecast = BudgetOutlook.forecast(budget.limited() ? budget.available() : null,
                figures(iterations.list(slug), budgets.spend(slug)));
        return new BudgetCard(slug, project.taskType(), budget, forecast, identity.hasRole(Roles.MANAGER), budgetForm,
                costForm, adjustForm);
    }

    private static List<RoundFigures> figures(List<IterationSummary> its, BudgetViews.Spend spend) {
        Map<Integer, BigDecimal> spent = new HashMap<>();
        for (BudgetViews.RoundSpend r : spend.rounds())
            spent.put(r.round(), r.spent());
        return its.stream().map(i -> new RoundFigures(i.round(), i.accuracy(), spent.getOrDefault(i.round(), BigDecimal.ZERO),
                i.status().isFinished())).toList();
    }

    /** Form text as the services' numbers; text that is no number is named like the API names unreadable JSON. */
    private static BigDecimal number(String field, String text) {
        if (text == null || text.isBlank())
            return null;
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "is not a number: " + text.strip());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Map<String, String> values(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
            out.put(pairs[i], pairs[i + 1] == null ? "" : pairs[i + 1]);
        return out;
    }

    private String me() {
        return identity.getPrincipal().getName();
    }
}
