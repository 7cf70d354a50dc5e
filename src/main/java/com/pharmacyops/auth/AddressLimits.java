package com.pharmacyops.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pharmacyops.platform.config.PharmacyConfig;
import com.pharmacyops.platform.error.ApiException;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Login attempts per client address: a Bucket4j token bucket per address ({@code login-rate.per-address} at once,
 * refilled evenly over {@code login-rate.period}), kept in a bounded Caffeine cache. A bucket idle for a whole
 * period is full again, so it is dropped then. Per replica: behind a load balancer the limit is per replica.
 * IPv6 addresses count by their /64, which one client usually holds whole.
 */
@ApplicationScoped
public class AddressLimits {

    private static final int ADDRESSES = 100_000;

    private final int perAddress;
    private final Duration period;
    private final Cache<String, Bucket> buckets;

    public AddressLimits(PharmacyConfig config) {
        this.perAddress = config.security().loginRate().perAddress();
        this.period = config.security().loginRate().period();
        if (perAddress < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalStateException("pharmacy.security.login-rate needs per-address >= 1, a positive period");
        }
        this.buckets = Caffeine.newBuilder().maximumSize(ADDRESSES).expireAfterAccess(period).build();
    }

    /** Takes one attempt from this address's bucket, or refuses with 429 and the seconds until one is back. */
    public void take(String address) {
        Bucket bucket = buckets.get(key(address), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perAddress).refillGreedy(perAddress, period)).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw ApiException.tooManyRequests("Too many login attempts from this address; retry later", seconds);
        }
    }

    /** The address, or its /64 for IPv6. A numeric address only (never a name lookup: this runs on the event loop). */
    static String key(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        String literal = address.startsWith("[") && address.indexOf(']') > 0
                ? address.substring(1, address.indexOf(']')) : address;
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            return address; // not numeric (a forwarded header can hold anything): no lookup
        }
        try {
            if (InetAddress.getByName(literal) instanceof Inet6Address v6) {
                byte[] b = v6.getAddress();
                return String.format("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5],
                        b[6], b[7]);
            }
            return literal;
        } catch (UnknownHostException | RuntimeException e) {
            return address;
        }
    }
}
