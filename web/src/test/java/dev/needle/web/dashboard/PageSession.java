package dev.needle.web.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A person's browser session on the dashboard, without a browser: logged in through the login form (the session
 * cookie pages accept), carrying the CSRF cookie and token a page hands out, as htmx sends them.
 */
public final class PageSession {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private final Map<String, String> cookies = new HashMap<>();
    private String token;

    private PageSession() {
    }

    public static PageSession login(String user) {
        PageSession session = new PageSession();
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", user).formParam("j_password", user).post("/j_security_check");
        assertEquals(302, r.statusCode(), "login of " + user);
        session.cookies.putAll(r.getCookies());
        assertNotNull(session.cookies.get("needle-session"), "the login set no session cookie");
        // Any page hands out the CSRF token; the projects page is everyone's.
        session.get("/");
        assertNotNull(session.token, "the page carried no CSRF token");
        return session;
    }

    /** A page or fragment; keeps the cookies and the CSRF token it hands out. */
    public Response get(String path, Object... params) {
        Response r = request().get(path, params);
        remember(r);
        return r;
    }

    /** A form post as htmx sends it: urlencoded, with the CSRF token in its header. */
    public Response htmxPost(String path, Map<String, ?> form, Object... params) {
        RequestSpecification spec = request().header("HX-Request", "true").header("X-CSRF-TOKEN", token)
                .contentType(ContentType.URLENC.withCharset("UTF-8"));
        if (!form.isEmpty())
            spec = spec.formParams(form);
        Response r = spec.post(path, params);
        remember(r);
        return r;
    }

    /** A plain HTML form post: the token as the hidden field, no htmx header. */
    public Response formPost(String path, Map<String, ?> form, Object... params) {
        Map<String, Object> withToken = new HashMap<>(form);
        withToken.put("csrf-token", token);
        Response r = request().contentType(ContentType.URLENC.withCharset("UTF-8")).formParams(withToken).post(path, params);
        remember(r);
        return r;
    }

    /** A plain multipart form post of one file, the token as a form field. */
    public Response upload(String path, Map<String, String> fields, String fileName, byte[] content, Object... params) {
        RequestSpecification spec = request().multiPart("csrf-token", token);
        for (Map.Entry<String, String> f : fields.entrySet())
            spec = spec.multiPart(f.getKey(), f.getValue());
        Response r = spec.multiPart("file", fileName, content, "application/octet-stream").post(path, params);
        remember(r);
        return r;
    }

    /** A request with this session's cookies, for what the helpers above do not cover. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookies(cookies);
    }

    private void remember(Response r) {
        cookies.putAll(r.getCookies());
        String body = r.getContentType() != null && r.getContentType().startsWith("text/html") ? r.asString() : "";
        Matcher m = TOKEN.matcher(body);
        if (m.find())
            token = m.group(1);
    }
}
