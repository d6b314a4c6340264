-- Version 1 (PostgreSQL): documents, their annotation layers, and the full-text index.
-- Every text column sorts and compares as SQLite does, by bytes (COLLATE "C"),
-- whatever the database's default collation.
-- The same tables and columns as the SQLite migration of the same number
-- (../../migrations/0001_tables.sql), in PostgreSQL's types: integers are BIGINT,
-- flags BOOLEAN, coordinates DOUBLE PRECISION. Document keys are given by the writer
-- under its advisory lock (crates/store/src/pg/write.rs), so that a batch's keys are
-- consecutive, as SQLite's are.

CREATE TABLE documents (
    pk             BIGINT PRIMARY KEY,
    id             TEXT COLLATE "C" NOT NULL UNIQUE,
    source         TEXT COLLATE "C" NOT NULL,
    external_id    TEXT COLLATE "C",
    url            TEXT COLLATE "C",
    title          TEXT COLLATE "C",
    dct            TEXT COLLATE "C",
    agency         TEXT COLLATE "C",
    dateline_place TEXT COLLATE "C",
    language       TEXT COLLATE "C" NOT NULL,
    supported      BOOLEAN NOT NULL,
    text           TEXT COLLATE "C" NOT NULL,
    json           TEXT COLLATE "C" NOT NULL,
    ingested_at    TEXT COLLATE "C" NOT NULL
        DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    -- The full-text index's document: the title (weight A) and the text (B), words as
    -- written (the `simple` configuration: no stemming, no stop words, as SQLite's
    -- unicode61 tokenizer). The text is cut at 256 KiB so that no document exceeds
    -- PostgreSQL's limit on one tsvector.
    tsv            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', left(text, 262144)), 'B')
    ) STORED
);

CREATE INDEX documents_tsv ON documents USING gin (tsv);
CREATE INDEX documents_external_id ON documents (external_id);
CREATE INDEX documents_url ON documents (url);

CREATE TABLE timexes (
    doc    BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx    BIGINT NOT NULL,
    start  BIGINT NOT NULL,
    "end"  BIGINT NOT NULL,
    text   TEXT COLLATE "C" NOT NULL,
    type   TEXT COLLATE "C" NOT NULL,
    value  TEXT COLLATE "C" NOT NULL,
    mod    TEXT COLLATE "C",
    PRIMARY KEY (doc, idx)
);

CREATE TABLE entities (
    doc       BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx       BIGINT NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    canonical TEXT COLLATE "C" NOT NULL,
    surname   TEXT COLLATE "C",
    kind      TEXT COLLATE "C" NOT NULL,
    codes     TEXT COLLATE "C" NOT NULL,
    role      TEXT COLLATE "C",
    country   TEXT COLLATE "C",
    lat       DOUBLE PRECISION,
    lon       DOUBLE PRECISION,
    PRIMARY KEY (doc, idx)
);

CREATE TABLE mentions (
    doc        BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    entity_idx BIGINT NOT NULL,
    idx        BIGINT NOT NULL,
    start      BIGINT NOT NULL,
    "end"      BIGINT NOT NULL,
    text       TEXT COLLATE "C" NOT NULL,
    how        TEXT COLLATE "C",
    PRIMARY KEY (doc, entity_idx, idx)
);

CREATE TABLE quotes (
    doc               BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx               BIGINT NOT NULL,
    start             BIGINT NOT NULL,
    "end"             BIGINT NOT NULL,
    kind              TEXT COLLATE "C" NOT NULL,
    text              TEXT COLLATE "C" NOT NULL,
    speaker_entity    TEXT COLLATE "C",
    speaker_text      TEXT COLLATE "C",
    speaker_canonical TEXT COLLATE "C",
    speaker_surname   TEXT COLLATE "C",
    json              TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, idx)
);

CREATE TABLE events (
    doc         BIGINT NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx         BIGINT NOT NULL,
    event_id    TEXT COLLATE "C" NOT NULL,
    type        TEXT COLLATE "C" NOT NULL,
    mode        TEXT COLLATE "C",
    cameo       TEXT COLLATE "C" NOT NULL,
    date        TEXT COLLATE "C",
    sort_date   TEXT COLLATE "C",
    place       TEXT COLLATE "C",
    negated     BOOLEAN NOT NULL,
    modality    TEXT COLLATE "C" NOT NULL,
    actors      TEXT COLLATE "C" NOT NULL,
    recipients  TEXT COLLATE "C" NOT NULL,
    party_names TEXT COLLATE "C" NOT NULL,
    party_codes TEXT COLLATE "C" NOT NULL,
    goldstein   DOUBLE PRECISION,
    quad_class  BIGINT,
    json        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, idx)
);
