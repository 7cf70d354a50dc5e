package com.pharmacyops.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.elytron.security.common.BcryptUtil;

class PasswordsTest {

    @Test
    void theDecoyCostsWhatARealHashCosts() {
        // "$2a$12$…": same variant and cost, so checking an unknown user takes as long as a wrong password.
        assertEquals(12, Passwords.DEFAULT_COST);
        assertEquals(BcryptUtil.bcryptHash("any password", Passwords.DEFAULT_COST).substring(0, 7),
                Passwords.DECOY.substring(0, 7));
        assertEquals(60, Passwords.DECOY.length());
    }
}
