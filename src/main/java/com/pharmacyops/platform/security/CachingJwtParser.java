package com.pharmacyops.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.pharmacyops.platform.config.PharmacyConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Remembers tokens that passed verification, by their exact text: an app backend sends one token on many
 * requests, and the RSA signature check plus claim parsing cost 9 % of event-loop time in the order profile.
 * A remembered token is only served before its {@code exp}; after that, and on a miss, the real parser
 * decides. Whether the user is still active is checked per request elsewhere ({@code ActorCache}), so a
 * deactivated user gains nothing from this cache. Failures are never remembered.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private final DefaultJWTParser parser;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public CachingJwtParser(DefaultJWTParser parser, PharmacyConfig config) {
        this(parser, config.security().tokenCacheSize());
    }

    CachingJwtParser(DefaultJWTParser parser, int size) {
        this.parser = parser;
        this.verified = size > 0
                ? Caffeine.newBuilder().maximumSize(size).expireAfterWrite(Duration.ofMinutes(10)).build()
                : null;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (verified == null) {
            return parser.parse(token);
        }
        JsonWebToken jwt = verified.getIfPresent(token);
        if (jwt != null && System.currentTimeMillis() / 1000 < jwt.getExpirationTime()) {
            return jwt;
        }
        jwt = parser.parse(token);
        if (jwt.getExpirationTime() > 0) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
