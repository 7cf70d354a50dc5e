package com.pharmacyops.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/** Whatever the client sends, the answer is a problem document, never a stack trace or an HTML page. */
@QuarkusTest
class ProblemDetailsTest {

    @ParameterizedTest
    @CsvSource({ "GET,/api/v1/nowhere,,,404", "GET,/nowhere,,,404", "DELETE,/api/v1/auth/token,,,405",
            "PUT,/api/v1/auth/token,application/json,{},405", "POST,/api/v1/auth/token,text/plain,hello,415",
            "POST,/api/v1/auth/token,application/json,'{\"username\": ',400",
            "POST,/api/v1/auth/token,application/json,'{\"username\": \"a\", \"password\": \"b\", \"x\": 1}',400",
            "POST,/api/v1/auth/token,application/json,'{\"username\": {}, \"password\": \"b\"}',400",
            "POST,/api/v1/auth/token,application/json,,400", "GET,/api/v1/users,,,401" })
    void everyErrorIsAProblem(String method, String path, String type, String body, int status) {
        var request = given();
        if (type != null) {
            request.contentType(type);
        }
        if (body != null) {
            request.body(body);
        }
        request.request(method, path).then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", not(equalTo(null)))
                .body("instance", equalTo(path))
                .body(not(containsString("Exception"))).body(not(containsString("at com.")));
    }
}
