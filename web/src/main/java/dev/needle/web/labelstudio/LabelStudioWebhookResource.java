package dev.needle.web.labelstudio;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "label studio", description = "Labels as they happen, from Label Studio's webhooks")
@Path("/api/projects/{project}/label-studio/webhook")
public class LabelStudioWebhookResource {

    @Inject
    LabelStudioWebhook webhook;

    /** Authenticated by the shared secret alone: Label Studio cannot log in, but it can send a header. */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive ANNOTATION_CREATED / _UPDATED / _DELETED events (header X-Needle-Secret)")
    public WebhookResult receive(@PathParam("project") String project,
            @HeaderParam(LabelStudioWebhook.SECRET_HEADER) String secret, byte[] body) {
        webhook.authenticate(secret);
        return webhook.handle(project, body);
    }
}
