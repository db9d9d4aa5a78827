package dev.needle.web.dashboard.iterations;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.project.TaskType;
import dev.needle.activities.scoring.ClassificationScorer;
import dev.needle.activities.scoring.DetectionScorer;
import dev.needle.activities.selection.Strategy;
import dev.needle.web.dashboard.ErrorPage;
import dev.needle.web.dashboard.FormErrors;
import dev.needle.web.iteration.CancelRequest;
import dev.needle.web.iteration.IterationMessages;
import dev.needle.web.iteration.IterationStarts;
import dev.needle.web.iteration.IterationView;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.RequestRules;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * ML-ops pages of one round: the start form, and the iteration page whose step timeline, progress, gallery and events
 * follow the round live through a server-sent event stream while it runs.
 */
@Path("/projects/{project}/iterations")
public class IterationsPage {

    /** How often the live stream looks at the round; the records change at most this often on a page anyway. */
    static final Duration TICK = Duration.ofSeconds(1);

    /** The choices the start form offers; scorers are those of the project's task type. */
    public record Choices(List<String> strategies, List<String> scorers, List<String> trainers) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance start(ProjectView project, IterationForm form, Choices choices, FormErrors errors);

        static native TemplateInstance iteration(ProjectView project, IterationView iteration, String live,
                String gallery, FormErrors cancelErrors);

        static native TemplateInstance live(LiveView live);

        /** The batch and its lineage: both are recorded at the QUERY step. */
        static native TemplateInstance gallery(IterationView iteration, List<Lineage.Row> lineage);

        /** The live part once the round has ended: no stream, no cancel button. */
        static native TemplateInstance finished(String live, String gallery);
    }

    @Inject
    ProjectService projects;
    @Inject
    IterationStarts starts;
    @Inject
    IterationMessages messages;
    @Inject
    RequestRules rules;
    @Inject
    Iterations iterations;
    @Inject
    LiveIterations live;
    @Inject
    SecurityIdentity identity;
    @Context
    Sse sse;

    @GET
    @Path("new")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MLOPS)
    public TemplateInstance startForm(@PathParam("project") String slug) {
        ProjectView project = projects.get(slug);
        Choices choices = choices(project);
        // The API's default scorer where the task type has it.
        String scorer = choices.scorers().contains(ClassificationScorer.MARGIN) ? ClassificationScorer.MARGIN
                : choices.scorers().get(0);
        return Templates.start(project, IterationForm.defaults(scorer), choices, FormErrors.none());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MLOPS)
    public Response start(@PathParam("project") String slug, @RestForm String strategy, @RestForm String batchSize,
            @RestForm String scorer, @RestForm String seed, @RestForm String deadline, @RestForm String trainer) {
        ProjectView project = projects.get(slug);
        IterationForm form = new IterationForm(strategy, batchSize, scorer, seed, deadline, trainer);
        FormErrors errors;
        try {
            IterationView started = starts.start(slug, rules.check(form.request()));
            return Response.seeOther(URI.create("/projects/" + slug + "/iterations/" + started.round())).build();
        } catch (ProblemException | BadInputException | RefusedException e) {
            errors = FormErrors.of(e, IterationForm.INPUTS);
        }
        return Response.status(errors.status()).entity(Templates.start(project, form, choices(project), errors)).build();
    }

    @GET
    @Path("{round}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public TemplateInstance iteration(@PathParam("project") String slug, @PathParam("round") int round) {
        return page(slug, round, FormErrors.none());
    }

    /**
     * The live part of the iteration page: a {@code progress} event each tick with the step timeline, progress and
     * events, a {@code gallery} event when the batch or its labels change, and once the round has finished a last
     * {@code done} event with the final state, after which the stream ends (the page stops listening on it).
     */
    @GET
    @Path("{round}/live")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public Multi<OutboundSseEvent> stream(@PathParam("project") String slug, @PathParam("round") int round) {
        iterations.find(slug, round); // 404 before the stream opens, not an empty stream
        AtomicBoolean over = new AtomicBoolean();
        AtomicReference<String> gallerySent = new AtomicReference<>();
        return Multi.createFrom().ticks().every(TICK)
                // A slow tick (Temporal busy) skips the next rather than failing the stream.
                .onOverflow().drop()
                .select().first(tick -> !over.get())
                // Ticks fire on the event loop; reading the round is blocking work, so it runs on a worker, one at a
                // time (concatenated), which is what lets the ticks in between be dropped.
                .onItem().transformToMultiAndConcatenate(tick -> Uni.createFrom()
                        .item(() -> events(live.snapshot(slug, round), over, gallerySent))
                        .runSubscriptionOn(Infrastructure.getDefaultExecutor())
                        // One unreadable tick (Temporal or the database briefly away) is skipped; the next may succeed.
                        .onFailure().recoverWithItem(failure -> {
                            Log.warnf("Live view of round %d of %s skipped a tick: %s", round, slug, failure.toString());
                            return List.<OutboundSseEvent> of();
                        })
                        .onItem().transformToMulti(events -> Multi.createFrom().iterable(events)));
    }

    private List<OutboundSseEvent> events(LiveView view, AtomicBoolean over, AtomicReference<String> gallerySent) {
        if (view.isFinished()) {
            over.set(true);
            return List.of(event("done", render(Templates.finished(render(Templates.live(view)),
                    render(gallery(view.iteration()))))));
        }
        OutboundSseEvent progress = event("progress", render(Templates.live(view)));
        String signature = view.gallerySignature();
        if (signature.equals(gallerySent.getAndSet(signature)))
            return List.of(progress);
        return List.of(progress, event("gallery", render(gallery(view.iteration()))));
    }

    @POST
    @Path("{round}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MLOPS)
    public Response cancel(@PathParam("project") String slug, @PathParam("round") int round,
            @RestForm String reason) {
        try {
            String why = reason == null || reason.isBlank() ? null : reason.strip();
            rules.check(new CancelRequest(why));
            messages.cancel(slug, round, identity.getPrincipal().getName(), why);
        } catch (ProblemException | RefusedException | BadInputException e) {
            FormErrors errors = FormErrors.of(e, "reason");
            return Response.status(errors.status()).entity(page(slug, round, errors)).build();
        }
        return Response.seeOther(URI.create("/projects/" + slug + "/iterations/" + round)).build();
    }

    private TemplateInstance page(String slug, int round, FormErrors cancelErrors) {
        ProjectView project = projects.get(slug);
        LiveView view = live.snapshot(slug, round);
        return Templates.iteration(project, view.iteration(), render(Templates.live(view)),
                render(gallery(view.iteration())), cancelErrors);
    }

    private static TemplateInstance gallery(IterationView iteration) {
        return Templates.gallery(iteration, Lineage.rows(iteration.lineage()));
    }

    private OutboundSseEvent event(String name, String html) {
        return sse.newEventBuilder().name(name).data(html).build();
    }

    /** SSE data is line-based; the fragments are HTML without preformatted text, so line breaks are only layout. */
    private static String render(TemplateInstance template) {
        return template.render().replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Only for this class's pages (and their data endpoints): the API keeps answering problem+json. */
    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return ErrorPage.of(e);
    }

    @ServerExceptionMapper
    Response refused(RefusedException e) {
        return ErrorPage.of(e);
    }

    static Choices choices(ProjectView project) {
        boolean detection = TaskType.OBJECT_DETECTION.key().equals(project.taskType());
        return new Choices(Arrays.stream(Strategy.values()).map(Enum::name).toList(),
                detection ? DetectionScorer.NAMES : ClassificationScorer.NAMES,
                Arrays.stream(TrainerKind.values()).map(Enum::name).toList());
    }
}
