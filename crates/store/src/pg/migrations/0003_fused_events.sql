-- Version 3 (PostgreSQL): events fused across documents, as in the SQLite migration
-- of the same number (crates/store/src/fuse.rs owns these tables, pg/fuse.rs writes
-- them here).

CREATE TABLE fused_events (
    id            TEXT COLLATE "C" PRIMARY KEY,
    type          TEXT COLLATE "C" NOT NULL,
    cameo         TEXT COLLATE "C" NOT NULL,
    cameo_root    TEXT COLLATE "C" NOT NULL,
    date          TEXT COLLATE "C",
    dated         BOOLEAN NOT NULL,
    place         TEXT COLLATE "C",
    actor_key     TEXT COLLATE "C",
    recipient_key TEXT COLLATE "C",
    actors        TEXT COLLATE "C" NOT NULL,
    recipients    TEXT COLLATE "C" NOT NULL,
    mentions      BIGINT NOT NULL,
    sources       BIGINT NOT NULL,
    articles      BIGINT NOT NULL
);

CREATE INDEX fused_events_date ON fused_events (date);
CREATE INDEX fused_events_type ON fused_events (type);

CREATE TABLE fused_mentions (
    doc       BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    event_idx BIGINT NOT NULL,
    fused_id  TEXT COLLATE "C" NOT NULL,
    day       TEXT COLLATE "C",
    dated     BOOLEAN NOT NULL,
    PRIMARY KEY (doc, event_idx)
);

CREATE INDEX fused_mentions_fused ON fused_mentions (fused_id);

CREATE TABLE fusion_keys (
    key       TEXT COLLATE "C" NOT NULL,
    doc       BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    event_idx BIGINT NOT NULL,
    PRIMARY KEY (key, doc, event_idx)
);

CREATE TABLE fusion_state (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    through BIGINT NOT NULL
);
INSERT INTO fusion_state (id, through) VALUES (1, 0);
