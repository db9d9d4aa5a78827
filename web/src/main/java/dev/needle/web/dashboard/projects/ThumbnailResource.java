package dev.needle.web.dashboard.projects;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import dev.needle.web.security.Roles;

/**
 * Thumbnails of a project's images for every page that shows them (ML-ops gallery, the annotator's work, the map):
 * {@code /projects/{p}/thumbnails?file=pool/img-00001.png}. ML-ops and managers see any image of the project; an
 * annotator only images assigned to them.
 */
@Path("/projects/{project}/thumbnails")
public class ThumbnailResource {

    @Inject
    Thumbnails thumbnails;
    @Inject
    SecurityIdentity identity;

    @GET
    @Blocking
    @Produces({ "image/png", "image/jpeg" })
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public Response thumbnail(@PathParam("project") String project, @QueryParam("file") String file) {
        boolean seesAll = identity.hasRole(Roles.MLOPS) || identity.hasRole(Roles.MANAGER);
        Thumbnails.Image image = thumbnails.of(project, file, seesAll ? null : identity.getPrincipal().getName());
        CacheControl cache = new CacheControl();
        // Private: whether one may see an image depends on who asks.
        cache.setPrivate(true);
        cache.setMaxAge(3600);
        return Response.ok(image.bytes(), image.mediaType()).cacheControl(cache).build();
    }
}
