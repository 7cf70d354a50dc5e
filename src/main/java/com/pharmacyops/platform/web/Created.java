package com.pharmacyops.platform.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** 201 Created with the new resource's Location (the request path plus its id) and its representation. */
public final class Created {

    private Created() {
    }

    public static Response.ResponseBuilder at(UriInfo uri, long id, Object entity) {
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(id)).build()).entity(entity);
    }
}
