-- Real-name cards, their visit history and the idempotency records of card issue.

-- Versions of the gates' deny list; taken under a transaction-scoped advisory lock so that
-- versions become visible in the order they were taken.
CREATE SEQUENCE card_denylist_version;

CREATE TABLE card (
    id                   UUID PRIMARY KEY,
    number               CHAR(16)    NOT NULL UNIQUE CHECK (number ~ '^[0-9]{16}$'),
    product_code         TEXT        NOT NULL REFERENCES product (code),
    owner_subject        TEXT        NOT NULL,
    -- EXPIRED is stored once noticed; until then it is derived from the dates on every read.
    status               TEXT        NOT NULL CHECK (status IN ('ISSUED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'REPLACED', 'EXPIRED')),
    category             TEXT        NOT NULL CHECK (category IN ('ADULT', 'SENIOR', 'MINOR')),
    holder_name          TEXT        NOT NULL,
    -- keyed hash (HMAC-SHA256 with PASS_PII_KEY) and mask of the ID number; never the number
    id_number_hash       TEXT        NOT NULL CHECK (id_number_hash ~ '^[0-9a-f]{64}$'),
    id_number_masked     TEXT        NOT NULL CHECK (id_number_masked ~ '^[0-9]{3}[*]{11}[0-9]{3}[0-9X]$'),
    issued_at            TIMESTAMPTZ NOT NULL,
    activation_deadline  TIMESTAMPTZ NOT NULL,
    activated_at         TIMESTAMPTZ,
    valid_until          TIMESTAMPTZ,
    -- the first card of a chain of replacements: entitlements and history follow it
    lineage_id           UUID        NOT NULL,
    replaced_by          UUID REFERENCES card (id),
    denylist_version     BIGINT,
    updated_at           TIMESTAMPTZ NOT NULL,
    CHECK ((activated_at IS NULL) = (valid_until IS NULL))
);

-- One live card per person and product.
CREATE UNIQUE INDEX card_one_live_per_person ON card (id_number_hash, product_code)
    WHERE status IN ('ISSUED', 'ACTIVE', 'SUSPENDED');
CREATE INDEX card_owner_idx ON card (owner_subject, issued_at);
CREATE INDEX card_lineage_idx ON card (lineage_id);
CREATE INDEX card_denylist_idx ON card (denylist_version) WHERE denylist_version IS NOT NULL;

-- One scan at a gate, admitted or denied; entry_id is made by the gate.
CREATE TABLE entry (
    entry_id      UUID PRIMARY KEY,
    site_code     TEXT        NOT NULL REFERENCES site (code),
    gate_subject  TEXT        NOT NULL,
    card_id       UUID REFERENCES card (id),
    lineage_id    UUID,
    decision      TEXT        NOT NULL CHECK (decision IN ('ADMITTED', 'DENIED')),
    reason        TEXT,
    conflict      TEXT,
    business_day  DATE        NOT NULL,
    scanned_at    TIMESTAMPTZ NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    request_hash  TEXT        NOT NULL
);
CREATE INDEX entry_lineage_idx ON entry (lineage_id, scanned_at);

-- Stored answers of requests sent with an Idempotency-Key, per caller.
CREATE TABLE idempotency_record (
    caller        TEXT        NOT NULL,
    key           TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    body          TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_record_created_idx ON idempotency_record (created_at);
