-- Version 1: documents, their annotation layers, and the full-text index.
--
-- Child tables are keyed by position (idx), never by recogniser-made ids, so that no
-- recogniser output can violate a constraint and fail a whole batch.

CREATE TABLE documents (
    pk             INTEGER PRIMARY KEY,          -- stable rowid for the FTS5 index
    id             TEXT NOT NULL UNIQUE,         -- Document.id
    source         TEXT NOT NULL,
    external_id    TEXT,
    url            TEXT,
    title          TEXT,
    dct            TEXT,                         -- YYYY-MM-DD or NULL
    agency         TEXT,
    dateline_place TEXT,
    language       TEXT NOT NULL,
    supported      INTEGER NOT NULL,
    text           TEXT NOT NULL,
    json           TEXT NOT NULL,                -- the full Document JSON
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE timexes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    type   TEXT NOT NULL,
    value  TEXT NOT NULL,
    mod    TEXT,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    canonical TEXT NOT NULL,
    surname   TEXT,                              -- last word of a person's canonical name
    kind      TEXT NOT NULL,
    codes     TEXT NOT NULL,                     -- JSON array
    role      TEXT,
    country   TEXT,
    lat       REAL,
    lon       REAL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_idx INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    how        TEXT,
    PRIMARY KEY (doc_id, entity_idx, idx)
) WITHOUT ROWID;

CREATE TABLE quotes (
    doc_id            TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx               INTEGER NOT NULL,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    text              TEXT NOT NULL,
    speaker_entity    TEXT,
    speaker_text      TEXT,
    speaker_canonical TEXT,
    speaker_surname   TEXT,
    json              TEXT NOT NULL,             -- the Quote JSON
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    mode        TEXT,
    cameo       TEXT NOT NULL,
    date        TEXT,                            -- TIMEX3 value as annotated
    sort_date   TEXT,                            -- calendar part of date, else the dct
    place       TEXT,                            -- canonical name of the place entity
    negated     INTEGER NOT NULL,
    modality    TEXT NOT NULL,
    actors      TEXT NOT NULL,                   -- JSON [[canonical, [codes]], ...]
    recipients  TEXT NOT NULL,                   -- same
    party_names TEXT NOT NULL,                   -- |name|surname|... of actors and recipients
    party_codes TEXT NOT NULL,                   -- |CODE|CODE|...
    goldstein   REAL,
    quad_class  INTEGER,
    json        TEXT NOT NULL,                   -- the Event JSON
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- External-content full-text index over title and text, kept in step by triggers so
-- that it is written in the same transaction as the document.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
