-- Version 4: what browsing one entity, the entity list and the speaker list read
-- (crates/store/src/browse.rs). The two totals tables are kept by the writer, in the
-- batch's transaction (crates/store/src/write.rs, `add_totals`), and filled here from
-- what a store of an earlier version holds.

CREATE INDEX entities_canonical ON entities (canonical COLLATE NOCASE, kind);

-- One row per canonical name and kind: in how many documents and mentions it appears.
CREATE TABLE entity_totals (
    canonical TEXT NOT NULL,
    kind      TEXT NOT NULL,
    codes     TEXT NOT NULL,                     -- JSON array, of the latest document
    country   TEXT,
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (canonical, kind)
) WITHOUT ROWID;

CREATE INDEX entity_totals_documents ON entity_totals (documents DESC, canonical, kind);

-- One row per speaker (the resolved speaker's canonical name, else as written).
CREATE TABLE speaker_totals (
    name      TEXT PRIMARY KEY,
    quotes    INTEGER NOT NULL,
    documents INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX speaker_totals_quotes ON speaker_totals (quotes DESC, name);

INSERT INTO entity_totals (canonical, kind, codes, country, documents, mentions)
SELECT e.canonical, e.kind, max(e.codes), max(e.country), count(DISTINCT e.doc),
       coalesce(sum(m.n), 0)
FROM entities e
LEFT JOIN (SELECT doc, entity_idx, count(*) AS n FROM mentions GROUP BY doc, entity_idx) m
       ON m.doc = e.doc AND m.entity_idx = e.idx
GROUP BY e.canonical, e.kind;

INSERT INTO speaker_totals (name, quotes, documents)
SELECT coalesce(speaker_canonical, speaker_text) AS name, count(*), count(DISTINCT doc)
FROM quotes WHERE coalesce(speaker_canonical, speaker_text) IS NOT NULL
GROUP BY name;

-- The statistics' language and support counts without reading the texts.
CREATE INDEX documents_language ON documents (language, supported);
