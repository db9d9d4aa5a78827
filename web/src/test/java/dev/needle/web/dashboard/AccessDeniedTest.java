package dev.needle.web.dashboard;

import static dev.needle.web.Api.annotator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A role's refusal reads as a page to a person and as problem+json to a script; both stay 403. */
@QuarkusTest
class AccessDeniedTest {

    @Test
    void aManagerOpeningTheAnnotatorsPage_getsAPageThatSaysSo() {
        PageSession.login("manager").get("/annotate").then().statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("Not for your role"), containsString("manager"), containsString("/annotate"));
    }

    @Test
    void anAnnotatorCreatingAProjectThroughTheApi_getsProblemJson() {
        annotator().body(Map.of("slug", "not-mine")).post("/api/projects").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
    }
}
