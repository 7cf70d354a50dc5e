package com.pharmacyops.platform.error;

import java.util.List;

/**
 * A refusal a client can act on. Services throw it; {@code ProblemMappers} renders it as problem details.
 */
public class ApiException extends RuntimeException {

    private final ErrorKind kind;
    private final List<Problem.FieldError> errors;
    private final List<?> shortages;
    private final Long retryAfterSeconds;

    public ApiException(ErrorKind kind, String detail) {
        this(kind, detail, null, null, null);
    }

    private ApiException(ErrorKind kind, String detail, List<Problem.FieldError> errors, List<?> shortages,
            Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = errors;
        this.shortages = shortages;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorKind.NOT_FOUND, what + " not found");
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(ErrorKind.FORBIDDEN, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ErrorKind.CONFLICT, detail);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorKind.INVALID, "The request is not valid",
                List.of(new Problem.FieldError(field, message)), null, null);
    }

    public static ApiException shortage(String detail, List<?> shortages) {
        return new ApiException(ErrorKind.CONFLICT, detail, null, shortages, null);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(ErrorKind.TOO_MANY_REQUESTS, detail, null, null, retryAfterSeconds);
    }

    /** The service cannot take the request now (a full queue); the client retries after this many seconds. */
    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(ErrorKind.UNAVAILABLE, detail, null, null, retryAfterSeconds);
    }

    public ErrorKind kind() {
        return kind;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public List<?> shortages() {
        return shortages;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
