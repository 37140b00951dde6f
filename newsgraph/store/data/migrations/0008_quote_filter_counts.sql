-- Version 8: the quote list over the whole collection (no speaker) counts fast whatever its
-- statement filters and dates (issue 13; about 1 s on a 100,000-article store for kind=direct,
-- 1-2 s with a date, before). quote_counts holds the number of quotes per act, content
-- (substantive), kind, resolved speaker (quotes.entity set) and day (the first ten characters
-- of the date, '' when undated), kept by triggers. A count without words or speaker is the sum
-- of its matching rows (Queries.count_quotes), equal to the COUNT(*) of the same filter (the
-- tests check it): a few thousand rows where a filter read up to two million quotes.
-- quotes_act_kind lists each statement filter's quotes in date order: a page of a rare kind
-- (thought, direct) reads its own entries instead of walking every thought and reading each row
-- for its kind. It holds every column the counts need, so filling them reads it alone.

CREATE INDEX quotes_act_kind ON quotes(act, substantive, kind, published, article, seq, entity);
-- quotes_by_id holds, per quote id, what a list with words filters and sorts its full-text hits
-- by: counting and ordering a common word's 200,000 hits reads these narrow entries instead of
-- the quotes' rows with their text (half the time or less).
CREATE INDEX quotes_by_id ON quotes(id, act, substantive, kind, entity, published, article, seq);

CREATE TABLE quote_counts (
    act         TEXT NOT NULL,
    substantive INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    resolved    INTEGER NOT NULL,
    day         TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (act, substantive, kind, resolved, day)
) WITHOUT ROWID;
INSERT INTO quote_counts(act, substantive, kind, resolved, day, n)
SELECT act, substantive, kind, entity IS NOT NULL, COALESCE(substr(published, 1, 10), ''), COUNT(*)
FROM quotes GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER quote_counts_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quote_counts(act, substantive, kind, resolved, day, n)
    VALUES (new.act, new.substantive, new.kind, new.entity IS NOT NULL,
            COALESCE(substr(new.published, 1, 10), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER quote_counts_ad AFTER DELETE ON quotes BEGIN
    UPDATE quote_counts SET n = n - 1
    WHERE act = old.act AND substantive = old.substantive AND kind = old.kind
        AND resolved = (old.entity IS NOT NULL) AND day = COALESCE(substr(old.published, 1, 10), '');
END;
-- Identity moves quotes between entities (never to none) and a migration may reclassify them:
-- a change of a counted column moves the quote from its old row to its new one.
CREATE TRIGGER quote_counts_au AFTER UPDATE OF act, substantive, kind, entity, published ON quotes
WHEN old.act != new.act OR old.substantive != new.substantive OR old.kind != new.kind
    OR (old.entity IS NULL) != (new.entity IS NULL) OR old.published IS NOT new.published BEGIN
    UPDATE quote_counts SET n = n - 1
    WHERE act = old.act AND substantive = old.substantive AND kind = old.kind
        AND resolved = (old.entity IS NOT NULL) AND day = COALESCE(substr(old.published, 1, 10), '');
    INSERT INTO quote_counts(act, substantive, kind, resolved, day, n)
    VALUES (new.act, new.substantive, new.kind, new.entity IS NOT NULL,
            COALESCE(substr(new.published, 1, 10), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
