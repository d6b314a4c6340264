-- Version 3: events fused across documents (crates/store/src/fuse.rs owns these tables).
--
-- Every stored event mention belongs to exactly one fused event. A fused event is a
-- connected group of mentions that share a link key (type, party pair, day): the rows of
-- `fusion_keys`. Everything here can be recomputed from the `events`, `entities` and
-- `documents` tables (`Store::refuse`).

CREATE TABLE fused_events (
    id            TEXT PRIMARY KEY,      -- "<document id>-<event idx>" of its smallest mention
    type          TEXT NOT NULL,         -- most frequent PLOVER type of its mentions
    cameo         TEXT NOT NULL,         -- most frequent CAMEO code
    cameo_root    TEXT NOT NULL,         -- its first two digits
    date          TEXT,                  -- YYYY-MM-DD: the day its mentions link on
    dated         INTEGER NOT NULL,      -- 1 when some mention gives that day itself, 0 when
                                         -- only dispatch dates do
    place         TEXT,                  -- most frequent place name
    actor_key     TEXT,                  -- most frequent actor's canonical name
    recipient_key TEXT,                  -- most frequent recipient's canonical name
    actors        TEXT NOT NULL,         -- JSON [[canonical, [codes]], ...], distinct
    recipients    TEXT NOT NULL,         -- same
    mentions      INTEGER NOT NULL,      -- event mentions
    sources       INTEGER NOT NULL,      -- distinct agencies or sites
    articles      INTEGER NOT NULL       -- distinct documents
) WITHOUT ROWID;

CREATE INDEX fused_events_date ON fused_events (date);
CREATE INDEX fused_events_type ON fused_events (type);

CREATE TABLE fused_mentions (
    doc       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    event_idx INTEGER NOT NULL,
    fused_id  TEXT NOT NULL,
    day       TEXT,                      -- the day the mention links on (own date or dispatch date)
    dated     INTEGER NOT NULL,          -- 1 when the day is the event's own date
    PRIMARY KEY (doc, event_idx)
) WITHOUT ROWID;

CREATE INDEX fused_mentions_fused ON fused_mentions (fused_id);

CREATE TABLE fusion_keys (
    key       TEXT NOT NULL,             -- "type|party pair|day"
    doc       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    event_idx INTEGER NOT NULL,
    PRIMARY KEY (key, doc, event_idx)
) WITHOUT ROWID;

-- The documents up to this key are fused (a store upgraded from version 2 has every
-- document still to fuse: the next ingest or `annalist fuse` does it).
CREATE TABLE fusion_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL
);
INSERT INTO fusion_state (id, through) VALUES (1, 0);

