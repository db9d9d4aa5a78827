package dev.needle.web.campaign;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;

@Tag(name = "campaigns", description = "Rounds back to back until the budget, the target metric, a plateau or a round limit stops them")
@Path("/api/projects/{project}/campaigns")
public class CampaignResource {

    @Inject
    CampaignService campaigns;
    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Start a campaign (returns at once; rounds run as Temporal child workflows)")
    public Response start(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid CampaignViews.StartCampaign request) {
        CampaignViews.Campaign started = campaigns.start(project, request, user());
        return Response.accepted(started)
                .location(URI.create("/api/projects/" + project + "/campaigns/" + started.id()))
                .build();
    }

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "A project's campaigns")
    public List<CampaignViews.Campaign> list(@PathParam("project") String project) {
        return campaigns.list(project);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "A campaign: status, rounds, events, and why it stopped")
    public CampaignViews.Campaign get(@PathParam("project") String project, @PathParam("id") long id) {
        return campaigns.get(project, id);
    }

    @POST
    @Path("/{id}/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Pause: the round running goes on, no new round starts")
    public Response pause(@PathParam("project") String project, @PathParam("id") long id,
            @Valid CampaignViews.Signal body) {
        campaigns.pause(project, id, user(), reason(body));
        return Response.accepted().build();
    }

    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Resume a paused campaign")
    public Response resume(@PathParam("project") String project, @PathParam("id") long id,
            @Valid CampaignViews.Signal body) {
        campaigns.resume(project, id, user(), reason(body));
        return Response.accepted().build();
    }

    @POST
    @Path("/{id}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Stop: cancels the round running (its unused budget is released) and ends the campaign")
    public Response stop(@PathParam("project") String project, @PathParam("id") long id,
            @Valid CampaignViews.Signal body) {
        campaigns.stop(project, id, user(), reason(body));
        return Response.accepted().build();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static String reason(CampaignViews.Signal body) {
        return body == null ? null : body.reason();
    }
}
