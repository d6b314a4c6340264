-- Version 2: indexes for the statistics, quote and timeline queries.

CREATE INDEX documents_dct ON documents (dct);
CREATE INDEX documents_agency ON documents (agency);
CREATE INDEX quotes_speaker_canonical ON quotes (speaker_canonical COLLATE NOCASE);
CREATE INDEX quotes_speaker_surname ON quotes (speaker_surname COLLATE NOCASE);
CREATE INDEX events_sort_date ON events (sort_date);
CREATE INDEX events_type ON events (type);
