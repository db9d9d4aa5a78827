package dev.needle.web.dashboard.manage;

import java.math.BigDecimal;
import java.net.URI;
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
import dev.needle.activities.RefusedException;
import dev.needle.activities.budget.Budgets;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.budget.BudgetService;
import dev.needle.web.budget.BudgetViews;
import dev.needle.web.dashboard.FormProblem;
import dev.needle.web.dashboard.manage.BudgetOutlook.Forecast;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundFigures;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundValue;
import dev.needle.web.dashboard.manage.ManageViews.AnnotatorRow;
import dev.needle.web.dashboard.manage.ManageViews.BudgetCard;
import dev.needle.web.dashboard.manage.ManageViews.Charts;
import dev.needle.web.dashboard.manage.ManageViews.Form;
import dev.needle.web.dashboard.manage.ManageViews.Project;
import dev.needle.web.dashboard.manage.ManageViews.ProjectRow;
import dev.needle.web.iteration.IterationSummary;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.RequestRules;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;

/**
 * The manager's pages: every project's money, and one project's budget, spend, value per unit of spend, forecast
 * and the current round's progress. Managers change the budget here; ML-ops read it, as the API lets them.
 */
@Path("/manage")
public class ManagePage {

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
    RequestRules rules;
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
            Budgets.Statement statement = budgets.statement(p.slug());
            List<IterationSummary> its = rounds(statement);
            rows.add(new ProjectRow(p, BudgetService.budget(statement), its.size(),
                    its.isEmpty() ? null : its.get(its.size() - 1)));
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
        Budgets.Statement statement = budgets.statement(project);
        BudgetViews.Spend spend = BudgetService.spend(statement);
        List<RoundValue> value = BudgetOutlook.value(figures(rounds(statement), spend));
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
            budgets.set(project, rules.check(new BudgetViews.SetBudget(number("amount", amount), blankToNull(currency),
                    blankToNull(overrunPolicy))), me());
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
            budgets.setCost(project, taskType, rules.check(new BudgetViews.SetCost(number("cost", cost))), me());
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
            budgets.adjust(project, rules.check(new BudgetViews.Adjustment(number("amount", amount), reason)), me());
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
        } catch (ProblemException | BadInputException | RefusedException e) {
            return new Form(sent, FormProblem.of(e), null);
        }
    }

    /** htmx swaps the budget card; a plain post gets the page (after a success, by redirect, so reload is safe). */
    private Response answer(String project, String htmx, Form budgetForm, Form costForm, Form adjustForm) {
        FormProblem problem = budgetForm.problem() != null ? budgetForm.problem()
                : costForm.problem() != null ? costForm.problem() : adjustForm.problem();
        int status = problem == null ? 200 : problem.status();
        if (htmx != null) {
            Budgets.Statement statement = budgets.statement(project);
            return Response.status(status).entity(Templates.project$budget(card(projects.get(project), statement,
                    BudgetService.spend(statement), budgetForm, costForm, adjustForm))).build();
        }
        if (problem == null)
            return Response.seeOther(URI.create("/manage/" + project)).build();
        return Response.status(status).entity(Templates.project(page(project, budgetForm, costForm, adjustForm))).build();
    }

    /** Every figure of the page from one statement: the budget, the spend, the rounds, read once. */
    private Project page(String slug, Form budgetForm, Form costForm, Form adjustForm) {
        ProjectView project = projects.get(slug);
        Budgets.Statement statement = budgets.statement(slug);
        List<IterationSummary> its = rounds(statement);
        BudgetViews.Spend spend = BudgetService.spend(statement);
        IterationSummary current = its.isEmpty() ? null : its.get(its.size() - 1);
        List<AnnotatorRow> progress = current == null ? List.of()
                : assignments.progress(slug, current.round()).stream().map(AnnotatorRow::new).toList();
        return new Project(project, card(project, statement, spend, budgetForm, costForm, adjustForm), spend,
                BudgetOutlook.value(figures(its, spend)), current, progress);
    }

    private BudgetCard card(ProjectView project, Budgets.Statement statement, BudgetViews.Spend spend, Form budgetForm,
            Form costForm, Form adjustForm) {
        BudgetViews.Budget budget = BudgetService.budget(statement);
        Forecast forecast = BudgetOutlook.forecast(budget.limited() ? budget.available() : null,
                figures(rounds(statement), spend));
        return new BudgetCard(project.slug(), project.taskType(), budget, forecast, identity.hasRole(Roles.MANAGER),
                budgetForm, costForm, adjustForm);
    }

    private static List<IterationSummary> rounds(Budgets.Statement statement) {
        return statement.rounds().stream().map(IterationSummary::of).toList();
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
