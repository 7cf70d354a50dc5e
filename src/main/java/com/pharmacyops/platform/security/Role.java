package com.pharmacyops.platform.security;

/** The business roles of DESIGN §4: the security shelf names them, every feature checks them. */
public enum Role {
    ADMIN, AUDITOR, STORE_MANAGER, PHARMACIST, CASHIER;

    /** Store roles work in the stores assigned to them; ADMIN and AUDITOR work chain-wide. */
    public boolean storeScoped() {
        return this == STORE_MANAGER || this == PHARMACIST || this == CASHIER;
    }
}
