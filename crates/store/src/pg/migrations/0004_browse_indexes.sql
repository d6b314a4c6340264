-- Version 4 (PostgreSQL): what browsing reads, as in the SQLite migration of the same
-- number; the totals tables are kept by the writer (pg/write.rs).

CREATE INDEX entities_canonical ON entities (lower(canonical), kind);

CREATE TABLE entity_totals (
    canonical TEXT COLLATE "C" NOT NULL,
    kind      TEXT COLLATE "C" NOT NULL,
    codes     TEXT COLLATE "C" NOT NULL,
    country   TEXT COLLATE "C",
    documents BIGINT NOT NULL,
    mentions  BIGINT NOT NULL,
    PRIMARY KEY (canonical, kind)
);

CREATE INDEX entity_totals_documents ON entity_totals (documents DESC, canonical, kind);

CREATE TABLE speaker_totals (
    name      TEXT COLLATE "C" PRIMARY KEY,
    quotes    BIGINT NOT NULL,
    documents BIGINT NOT NULL
);

CREATE INDEX speaker_totals_quotes ON speaker_totals (quotes DESC, name);

CREATE INDEX documents_language ON documents (language, supported);
