package dev.needle.web.dashboard.map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.needle.web.security.Roles;

/**
 * The embedding map: the pool's embeddings flattened to two dimensions, coloured labeled, selected and unlabeled, like
 * Lightly's embedding view. The page is drawn by ECharts from {@code points}, its own JSON beside it: pages hold a
 * session cookie, and {@code /api} takes only basic or bearer credentials.
 */
@Path("/projects/{project}/map")
@RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
public class MapPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance map(MapService.MapFrame frame, String method, String pointsUrl,
                String thumbnailsUrl, String maxPoints);
    }

    @Inject
    MapService maps;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("project") String project, @QueryParam("round") String round) {
        MapService.MapFrame frame = maps.frame(project, round);
        String points = frame.round() == null ? null
                : "/projects/" + frame.slug() + "/map/points?round=" + frame.round() + "&method="
                        + ProjectionMethod.PCA.key();
        return Templates.map(frame, ProjectionMethod.PCA.title(), points, "/projects/" + frame.slug() + "/thumbnails",
                String.format(java.util.Locale.ROOT, "%,d", MapService.MAX_POINTS));
    }

    @GET
    @Path("points")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public MapPoints points(@PathParam("project") String project, @QueryParam("round") String round,
            @QueryParam("method") String method) {
        return maps.points(project, round, method);
    }
}
