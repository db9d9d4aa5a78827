package dev.needle.web.assignment;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.needle.web.security.Roles;

@Tag(name = "assignments")
@Path("/api/annotators")
public class AnnotatorResource {

    @Inject
    AnnotatorDirectory directory;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "Everyone who can be assigned labeling work")
    public List<String> annotators() {
        return directory.annotators();
    }
}
