-- Version 2 (PostgreSQL): indexes for the statistics, quote and timeline queries.
-- SQLite's NOCASE indexes are indexes on lower(...) here.

CREATE INDEX documents_dct ON documents (dct);
CREATE INDEX documents_agency ON documents (agency);
CREATE INDEX quotes_speaker_canonical ON quotes (lower(speaker_canonical));
CREATE INDEX quotes_speaker_surname ON quotes (lower(speaker_surname));
CREATE INDEX events_sort_date ON events (sort_date);
CREATE INDEX events_type ON events (type);
