package dev.needle.web.budget;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;

/** Managers set the money; ML-ops may read it, since the query step spends it. */
@Tag(name = "budget", description = "A project's labeling budget, cost per label, and its append-only ledger")
@Path("/api/projects/{project}/budget")
public class BudgetResource {

    @Inject
    BudgetService budgets;
    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    @Operation(summary = "The budget: total, reserved, spent and available (sums of ledger entries), costs per label")
    public BudgetViews.Budget get(@PathParam("project") String project) {
        return budgets.get(project);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Set the budget's amount, currency and overrun policy (recorded as an adjustment)")
    public BudgetViews.Budget set(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid BudgetViews.SetBudget request) {
        return budgets.set(project, request, user());
    }

    @PUT
    @Path("/costs/{taskType}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Set the cost of one label of a task type (classification, object-detection) from the next round on")
    public BudgetViews.Budget setCost(
            @PathParam("project") String project, @PathParam("taskType") String taskType,
            @NotNull(message = "a JSON body is required") @Valid BudgetViews.SetCost request) {
        return budgets.setCost(project, taskType, request, user());
    }

    @POST
    @Path("/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Add or remove money, with a reason")
    public BudgetViews.Budget adjust(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid BudgetViews.Adjustment request) {
        return budgets.adjust(project, request, user());
    }

    @GET
    @Path("/ledger")
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    @Operation(summary = "Every ledger entry in order, each with the balances right after it")
    public BudgetViews.Ledger ledger(@PathParam("project") String project) {
        return budgets.ledger(project);
    }

    @GET
    @Path("/spend")
    @RolesAllowed({ Roles.MANAGER, Roles.MLOPS })
    @Operation(summary = "Spend per round and per annotator")
    public BudgetViews.Spend spend(@PathParam("project") String project) {
        return budgets.spend(project);
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
