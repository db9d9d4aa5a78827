package dev.needle.web.iteration;

import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;

/**
 * Starts racing through the API: of ten at once, one is accepted and nine are 409 problems naming the project and the
 * thing that runs, whether they start rounds, campaigns or both. And the request is checked before the project's
 * state, so a bad body is a 400 even while a round runs.
 */
@QuarkusTest
class StartRaceTest {

    private static final int STARTS = 10;
    private static final String PROBLEM = "application/problem+json";
    private static final Map<String, Object> ROUND = Map.of("strategy", "RANDOM", "batchSize", 3, "seed", 1);
    private static final Map<String, Object> CAMPAIGN = Map.of("round", ROUND, "stop", Map.of("maxRounds", 2));

    @Inject
    DatasetRegistry registry;

    @Test
    void givenTenRoundStartsAtOnce_oneIsAcceptedAndNineAreRefusedNamingTheRunningRound() throws Exception {
        String project = project("race-rounds");

        List<Response> answers = race(i -> post(project, "iterations", ROUND));

        assertOneAccepted(answers, "round 1 of " + project + " is still running");
        mlops().get("/api/projects/{p}/iterations", project).then().body("size()", equalTo(1));
        cancelRound(project, 1);
    }

    @Test
    void givenTenCampaignStartsAtOnce_oneIsAcceptedAndNineAreRefusedNamingTheCampaign() throws Exception {
        String project = project("race-campaigns");

        List<Response> answers = race(i -> post(project, "campaigns", CAMPAIGN));

        long id = assertOneAccepted(answers, "campaign ").jsonPath().getLong("id");
        mlops().get("/api/projects/{p}/campaigns", project).then().body("size()", equalTo(1));
        stopCampaign(project, id);
    }

    @Test
    void givenRoundAndCampaignStartsAtOnce_oneOfThemIsAcceptedAndNothingOfTheOthersIsLeft() throws Exception {
        String project = project("race-mixed");

        List<Response> answers = race(i -> i % 2 == 0 ? post(project, "iterations", ROUND)
                : post(project, "campaigns", CAMPAIGN));

        Response accepted = assertOneAccepted(answers, " of " + project + " is ");
        int campaigns = mlops().get("/api/projects/{p}/campaigns", project).jsonPath().getList("$").size();
        if (answers.indexOf(accepted) % 2 == 1) {
            assertEquals(1, campaigns, "the accepted campaign and no other");
            stopCampaign(project, accepted.jsonPath().getLong("id"));
        } else {
            assertEquals(0, campaigns, "no campaign beside the accepted round");
            mlops().get("/api/projects/{p}/iterations", project).then().body("size()", equalTo(1));
            cancelRound(project, 1);
        }
    }

    @Test
    void givenARunningRound_badStartsAre400sNamingTheField_andAGoodOneIsA409NamingTheRound() throws Exception {
        String project = project("race-order");
        post(project, "iterations", ROUND).then().statusCode(202);

        // Each of these was refused as "still running" before its field was checked.
        badStart(project, Map.of("strategy", "RANDOM", "batchSize", 3, "deadline", "-PT1H"), "deadline");
        badStart(project, Map.of("strategy", "RANDOM", "batchSize", 3, "trainerAttempts", 0), "trainerAttempts");
        badStart(project, Map.of("strategy", "RANDOM", "batchSize", 3, "embeddingsImport", 999999),
                "embeddingsImport");
        badStart(project, Map.of("strategy", "RANDOM", "batchSize", 3,
                "assignment", Map.of("annotators", List.of("nobody"))), "assignment.annotators[0]");
        post(project, "campaigns", Map.of("round", Map.of("strategy", "RANDOM", "batchSize", 3, "deadline", "-PT1H"),
                "stop", Map.of("maxRounds", 2))).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("round.deadline"));

        post(project, "iterations", ROUND).then().statusCode(409).contentType(PROBLEM).body("field", equalTo("project"))
                .body("reason", containsString("round 1 of " + project + " is still running"));
        post(project, "campaigns", CAMPAIGN).then().statusCode(409).contentType(PROBLEM)
                .body("field", equalTo("project"))
                .body("reason", containsString("round 1 of " + project + " is still running"));
        mlops().get("/api/projects/{p}/iterations", project).then().body("size()", equalTo(1));
        mlops().get("/api/projects/{p}/campaigns", project).then().body("size()", equalTo(0));
        cancelRound(project, 1);
    }

    @Test
    void givenAnOpenCampaign_aRoundByHandIsRefusedNamingTheCampaign() throws Exception {
        String project = project("race-campaign-open");
        long id = post(project, "campaigns", CAMPAIGN).then().statusCode(202).extract().jsonPath().getLong("id");

        post(project, "iterations", ROUND).then().statusCode(409).contentType(PROBLEM).body("field", equalTo("project"))
                .body("reason", containsString("campaign " + id + " of " + project + " is running"));

        stopCampaign(project, id);
        // Once it stopped, the project is free again.
        int next = mlops().get("/api/projects/{p}/iterations", project).jsonPath().getList("$").size() + 1;
        post(project, "iterations", ROUND).then().statusCode(202).body("round", equalTo(next));
        cancelRound(project, next);
    }

    private String project(String slug) throws IOException {
        SmallProject.create(registry.datasetsRoot(), slug, 20, 2);
        return slug;
    }

    private static Response post(String project, String what, Map<String, Object> body) {
        return mlops().body(body).post("/api/projects/{p}/" + what, project);
    }

    private static void badStart(String project, Map<String, Object> body, String field) {
        post(project, "iterations", body).then().statusCode(400).contentType(PROBLEM).body("field", equalTo(field));
    }

    /** Sends the requests at once, each from its own thread. */
    private static List<Response> race(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(STARTS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                int n = i;
                Callable<Response> send = () -> {
                    go.await();
                    return request.apply(n);
                };
                answers.add(pool.submit(send));
            }
            go.countDown();
            List<Response> out = new ArrayList<>();
            for (Future<Response> answer : answers)
                out.add(answer.get(120, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One 202; every other answer a 409 problem naming {@code project}, its reason containing {@code refusal}. */
    private static Response assertOneAccepted(List<Response> answers, String refusal) {
        List<Response> accepted = answers.stream().filter(r -> r.statusCode() == 202).toList();
        assertEquals(1, accepted.size(), answers.stream().map(r -> r.statusCode() + " " + r.asString()).toList().toString());
        for (Response r : answers) {
            if (r == accepted.get(0))
                continue;
            assertEquals(409, r.statusCode(), r.asString());
            assertTrue(r.contentType().startsWith(PROBLEM), r.contentType());
            assertEquals("project", r.jsonPath().getString("field"), r.asString());
            assertTrue(r.jsonPath().getString("reason").contains(refusal), r.asString());
        }
        return accepted.get(0);
    }

    private static void cancelRound(String project, int round) {
        mlops().body(Map.of("reason", "test over")).post("/api/projects/{p}/iterations/{r}/cancel", project, round)
                .then().statusCode(202);
        awaitIteration(project, round, s -> "CANCELLED".equals(s.getString("status")));
    }

    /** Stops the campaign and waits until its row says so, which ends the round it runs too. */
    private static void stopCampaign(String project, long id) throws InterruptedException {
        mlops().body(Map.of("reason", "test over")).post("/api/projects/{p}/campaigns/{id}/stop", project, id)
                .then().statusCode(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonPath campaign = mlops().get("/api/projects/{p}/campaigns/{id}", project, id).jsonPath();
            if (campaign.getString("finishedAt") != null)
                return;
            if (System.nanoTime() > deadline)
                throw new AssertionError("campaign " + id + " did not stop: " + campaign.prettify());
            Thread.sleep(100);
        }
    }
}
