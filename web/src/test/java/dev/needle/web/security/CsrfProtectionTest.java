package dev.needle.web.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A page's state-changing request must echo the token of its cookie; the API is exempt. */
@QuarkusTest
class CsrfProtectionTest {

    @Test
    void aPageHandsOutATokenCookie_andAFormPostMustEchoIt() {
        Response login = given().get("/login");
        String token = login.getCookie(CsrfProtection.COOKIE);
        assertNotNull(token, "the login page sets the CSRF cookie");
        login.then().body(org.hamcrest.Matchers.containsString(token));

        given().redirects().follow(false).formParam("x", "1").post("/logout")
                .then().statusCode(400).body("field", equalTo(CsrfProtection.FIELD));
        given().redirects().follow(false).cookie(CsrfProtection.COOKIE, token)
                .formParam(CsrfProtection.FIELD, token + "x").post("/logout")
                .then().statusCode(400);
        given().redirects().follow(false).cookie(CsrfProtection.COOKIE, token)
                .formParam(CsrfProtection.FIELD, token).post("/logout")
                .then().statusCode(303);
        given().redirects().follow(false).cookie(CsrfProtection.COOKIE, token)
                .header(CsrfProtection.HEADER, token).contentType("application/x-www-form-urlencoded")
                .formParam("x", "1").post("/logout")
                .then().statusCode(303);
    }

    @Test
    void theApiTakesPostsWithoutAToken_becauseItNeverAuthenticatesByCookie() {
        given().auth().preemptive().basic("mlops", "mlops").contentType("application/json")
                .body("{\"slug\":\"Bad Slug\"}").post("/api/projects")
                .then().statusCode(400).body("field", not(equalTo(CsrfProtection.FIELD)));
    }
}
