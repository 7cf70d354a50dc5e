-- Sessions end when credentials change: a token issued before credentials_changed_at is refused
-- (auth.ActorCache reads it, platform.security.ActorAugmentor compares it with the token's iat).
ALTER TABLE users ADD COLUMN credentials_changed_at TIMESTAMPTZ;

-- Password attempts, one counter row per key ('login:<username>', 'password:<user id>'), changed only by one
-- INSERT ... ON CONFLICT ... DO UPDATE (auth.Attempts), so parallel attempts queue on the row and cannot all
-- read a count below the limit. An attempt counts from before its password is checked; the right password
-- deletes the row. The lock-out window starts at the first failure (window_start).
CREATE TABLE auth_failures (
    key             VARCHAR(80)  PRIMARY KEY,
    failures        INTEGER      NOT NULL CHECK (failures > 0),
    window_start    TIMESTAMPTZ  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    created_by      VARCHAR(64)  NOT NULL,
    updated_by      VARCHAR(64)  NOT NULL
);
CREATE INDEX auth_failures_window_idx ON auth_failures (window_start);

-- One row per failure, read without a lock: replaced by auth_failures.
DROP TABLE login_failures;
