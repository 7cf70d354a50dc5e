package com.pharmacyops.platform.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is BigDecimal with two decimals, written to JSON as a number (e.g. 12.50). */
public final class Money {

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }
}
