package com.pharmacyops.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/** The cache in front of the real parser, with real RS256 tokens: it may skip work, never a check. */
class CachingJwtParserTest {

    private static final String ISSUER = "https://issuer.test";
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        otherKeys = g.generateKeyPair();
    }

    private static CachingJwtParser parser(int size) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(keys.getPublic(), ISSUER);
        info.setClockSkew(0);
        return new CachingJwtParser(new DefaultJWTParser(info), size);
    }

    private static String token(Instant expiresAt, java.security.PrivateKey key) {
        return Jwt.issuer(ISSUER).subject("7").issuedAt(Instant.now().minusSeconds(1)).expiresAt(expiresAt).sign(key);
    }

    @Test
    void aVerifiedTokenIsServedFromTheCacheUntilItExpires() throws Exception {
        CachingJwtParser p = parser(100);
        String t = token(Instant.now().plusSeconds(600), keys.getPrivate());
        JsonWebToken first = p.parse(t);
        assertEquals("7", first.getSubject());
        assertSame(first, p.parse(t));
    }

    @Test
    void aCachedTokenPastItsExpiryGoesBackToTheParserAndIsRefused() throws Exception {
        CachingJwtParser p = parser(100);
        Instant exp = Instant.now().plusSeconds(2);
        String t = token(exp, keys.getPrivate());
        p.parse(t);
        while (!Instant.now().isAfter(exp.plusMillis(200))) {
            Thread.sleep(100);
        }
        assertThrows(ParseException.class, () -> p.parse(t));
    }

    @Test
    void aTokenSignedByAnotherKeyOrAlteredIsRefusedEveryTime() throws Exception {
        CachingJwtParser p = parser(100);
        String foreign = token(Instant.now().plusSeconds(600), otherKeys.getPrivate());
        assertThrows(ParseException.class, () -> p.parse(foreign));
        assertThrows(ParseException.class, () -> p.parse(foreign));

        String good = token(Instant.now().plusSeconds(600), keys.getPrivate());
        p.parse(good);
        String[] parts = good.split("\\.");
        String altered = parts[0] + "." + Jwt.issuer(ISSUER).subject("1").expiresAt(Instant.now().plusSeconds(600))
                .sign(keys.getPrivate()).split("\\.")[1] + "." + parts[2];
        assertThrows(ParseException.class, () -> p.parse(altered));
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws Exception {
        CachingJwtParser p = parser(0);
        String t = token(Instant.now().plusSeconds(600), keys.getPrivate());
        assertNotSame(p.parse(t), p.parse(t));
    }
}
