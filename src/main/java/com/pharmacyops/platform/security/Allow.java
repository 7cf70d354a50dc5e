package com.pharmacyops.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a resource method (on the method, or on the class for all its methods); without it,
 * every authenticated role may. {@link AccessFilter} enforces it, together with store visibility, before the
 * request body is read: the role matrix of DESIGN §4 is these annotations.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Allow {

    Role[] value();
}
