-- Version 1: documents, their annotation layers, and the full-text index.
--
-- Child tables are keyed by the document's integer key and a position (idx), never by
-- recogniser-made ids, so that no recogniser output can violate a constraint and fail a
-- whole batch. The integer key grows with each insert, so every table is written at its
-- end (a random text key would scatter each batch over the whole file).

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
    json           TEXT NOT NULL,                -- the Document JSON, less `text`
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE timexes (
    doc    INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    type   TEXT NOT NULL,
    value  TEXT NOT NULL,
    mod    TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    doc       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
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
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc        INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    entity_idx INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    how        TEXT,
    PRIMARY KEY (doc, entity_idx, idx)
) WITHOUT ROWID;

CREATE TABLE quotes (
    doc               INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx               INTEGER NOT NULL,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    text              TEXT NOT NULL,
    speaker_entity    TEXT,
    speaker_text      TEXT,
    speaker_canonical TEXT,
    speaker_surname   TEXT,
    json              TEXT NOT NULL,             -- the Quote JSON, less `text`
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE events (
    doc         INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
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
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- External-content full-text index over title and text. New documents are indexed by
-- the writer at the end of each batch, in the same transaction, with one statement (an
-- insert trigger would make FTS5 flush its buffer to disk after every document); a
-- trigger keeps the index in step when a document is deleted.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
