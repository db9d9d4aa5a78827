package dev.needle.web.engine;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** The engine's HTTP face: Lightly's formulas computed by hand here, and every malformed body named by field. */
@QuarkusTest
class EngineResourceTest {

    /** Read JSON numbers as doubles: the default (float) would hide the 1e-9 agreement these tests check. */
    @BeforeAll
    static void readNumbersAsDoubles() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void classificationScoresMatchTheDefinitions() {
        double entropy = -(0.7 * log2(0.7) + 0.2 * log2(0.2) + 0.1 * log2(0.1)) / log2(3);
        mlops()
                .body("{\"task\":\"classification\",\"normalize\":true,\"predictions\":[[0.7,0.2,0.1],[0.4,0.5,0.1]]}")
                .post("/api/score")
                .then()
                .statusCode(200)
                .body("scores.uncertainty_least_confidence[0]", closeTo(0.3 / (1 - 1.0 / 3), 1e-9))
                .body("scores.uncertainty_margin[0]", closeTo(0.5, 1e-9))
                .body("scores.uncertainty_margin[1]", closeTo(0.9, 1e-9))
                .body("scores.uncertainty_entropy[0]", closeTo(entropy, 1e-9));
    }

    @Test
    void detectionScoresTakeTheMaxOverBoxesAndScoreAnImageWithoutBoxesZero() {
        // One box with objectness 0.8 and classes [0.6, 0.4]: its score is 0.48, margin 1 - 0.2.
        mlops()
                .body("{\"task\":\"object-detection\",\"predictions\":["
                        + "{\"boxes\":[[0.1,0.1,0.5,0.5]],\"object_probabilities\":[0.8],\"class_probabilities\":[[0.6,0.4]]},"
                        + "{\"boxes\":[],\"scores\":[],\"labels\":[]}]}")
                .post("/api/score")
                .then()
                .statusCode(200)
                .body("scores.objectness_least_confidence[0]", closeTo(1 - 0.48, 1e-9))
                .body("scores.uncertainty_margin[0]", closeTo(0.8, 1e-9))
                .body("scores.objectness_least_confidence[1]", closeTo(0, 1e-12));
    }

    @Test
    void coresetPicksTheFarthestPointFromTheLabeledOnes() {
        mlops()
                .body("{\"strategy\":\"CORESET\",\"embeddings\":[[0],[1],[10],[4]],\"labeled\":[0],\"k\":2,\"seed\":0}")
                .post("/api/select")
                .then()
                .statusCode(200)
                .body("picks", contains(2, 3))
                .body("maxMinDistance", closeTo(1.0, 1e-6));
    }

    @Test
    void malformedBodiesAreNamedByField() {
        problem("/api/score", "{\"task\":\"classification\",\"predictions\":[[0.5,0.5],[1.0]]}", "predictions[1]");
        problem("/api/score", "{\"task\":\"classification\",\"predictions\":[[0.5,0.5],[NaN,1.0]]}", "predictions[1][0]");
        problem("/api/score", "{\"task\":\"segmentation\",\"predictions\":[]}", "task");
        problem("/api/score", "{\"task\":\"object-detection\",\"config\":{\"speed\":1},\"predictions\":[]}", "config");
        problem("/api/select", "{\"strategy\":\"CORESET\",\"embeddings\":[[0],[1]],\"k\":3}", "k");
        problem("/api/select", "{\"strategy\":\"FARTHEST\",\"embeddings\":[[0],[1]],\"k\":1}", "strategy");
        problem("/api/select", "{\"strategy\":\"CORESET\",\"embeddings\":[[0,1],[1]],\"k\":1}", "embeddings");
        problem("/api/select", "{\"strategy\":\"UNCERTAINTY\",\"embeddings\":[[0],[1]],\"k\":1,\"scores\":[1]}",
                "scores");
        problem("/api/select", "{\"strategy\":\"CORESET\",\"embeddings\":", "body");
    }

    @Test
    void onlyMlopsUsesTheEngine() {
        as("annotator").body("{\"predictions\":[]}").post("/api/score").then().statusCode(403);
    }

    private static void problem(String path, String body, String fieldPrefix) {
        mlops().body(body).post(path).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", startsWith(fieldPrefix))
                .body("status", equalTo(400));
    }
}
