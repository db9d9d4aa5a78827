package dev.needle.web.dashboard;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A person's browser session without a browser: logged in through the login form (the session cookie), posting forms
 * with the CSRF token a page gave them, as the dashboard's pages expect.
 */
public final class PageSession {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private final String session;
    private String csrfCookie;
    private String csrfToken;

    private PageSession(String session) {
        this.session = session;
    }

    public static PageSession login(String user) {
        Response login = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", user).formParam("j_password", user)
                .post("/j_security_check");
        String cookie = login.getCookie("needle-session");
        if (cookie == null)
            throw new AssertionError("login of " + user + " failed: " + login.statusCode());
        return new PageSession(cookie);
    }

    public RequestSpecification request() {
        RequestSpecification spec = given().redirects().follow(false).cookie("needle-session", session);
        if (csrfCookie != null)
            spec = spec.cookie("needle-csrf", csrfCookie);
        return spec;
    }

    /** GETs a page and keeps the CSRF token it carries, for the next form post. */
    public Response get(String path, Object... params) {
        Response page = request().accept("text/html").get(path, params);
        String cookie = page.getCookie("needle-csrf");
        if (cookie != null)
            csrfCookie = cookie;
        Matcher m = TOKEN.matcher(page.asString());
        if (m.find())
            csrfToken = m.group(1);
        return page;
    }

    /** Posts a form as the page's {@code <form>} would: urlencoded, with the CSRF field. */
    public Response post(String path, Map<String, String> fields, Object... params) {
        if (csrfToken == null)
            throw new IllegalStateException("GET a page with a form first: it carries the CSRF token");
        RequestSpecification spec = request().contentType(ContentType.URLENC).accept("text/html")
                .formParam("csrf-token", csrfToken);
        for (Map.Entry<String, String> f : fields.entrySet())
            spec = spec.formParam(f.getKey(), f.getValue());
        return spec.post(path, params);
    }
}
