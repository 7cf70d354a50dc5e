package com.pharmacyops.platform.error;

/** What went wrong, in domain terms; the HTTP layer maps each kind to its status. */
public enum ErrorKind {
    INVALID(400, "Invalid request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    UNPROCESSABLE(422, "Unprocessable request"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    UNAVAILABLE(503, "Service unavailable");

    public final int status;
    public final String title;

    ErrorKind(int status, String title) {
        this.status = status;
        this.title = title;
    }
}
