-- Version 5: collection-wide summaries computed when the store is written (at the end of an
-- ingest), so the explorer's first visitor does not wait for them: e.g. 'network', the whole
-- collection's network with its layout. `value` is JSON.

CREATE TABLE summaries (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
