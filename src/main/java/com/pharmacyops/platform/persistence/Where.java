package com.pharmacyops.platform.persistence;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.panache.common.Parameters;

/** Builds a Panache query from the filters a client actually sent; absent filters add nothing. */
public final class Where {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters params = new Parameters();

    public Where and(String clause) {
        clauses.add(clause);
        return this;
    }

    /** Adds {@code clause} (which names {@code :name}) only when {@code value} is present. */
    public Where and(String clause, String name, Object value) {
        if (value != null) {
            clauses.add(clause);
            params.and(name, value);
        }
        return this;
    }

    public String query() {
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    public Parameters params() {
        return params;
    }
}
