-- Version 4: statements first, and metadata that can change without re-analysis (issue 13).
-- 1. Every quote carries its act (speech, thought, intent, other: newsgraph/acts.py) and whether
--    it has real content (attributed, more than a bare pronoun or a one-word topic). The default
--    quote views list statements: speech with real content. Existing quotes are classified from
--    their stored cue and text by the same Python functions (cue_act, real_content: registered
--    on the connection by open_store before migrating).
-- 2. entities.n_statements counts an entity's statements (kept by triggers, like n_quotes), so
--    "top speakers" and a speaker's statement count read one row.
-- 3. sources.analysis_hash: the hash of what the analysis depends on (the raw body and the
--    given date); a source whose input changed only in other metadata (title, publisher,
--    authors, url, extra columns) is updated without re-analysis. NULL for sources stored
--    before: their next change is re-analysed.
-- 4. The full-text index follows title updates of article_bodies.

ALTER TABLE quotes ADD COLUMN act TEXT NOT NULL DEFAULT 'other';
ALTER TABLE quotes ADD COLUMN substantive INTEGER NOT NULL DEFAULT 0;
UPDATE quotes SET act = cue_act(cue, kind),
                  substantive = real_content(kind, text, speaker IS NOT NULL OR entity IS NOT NULL);
CREATE INDEX quotes_entity_act ON quotes(entity, act, substantive, kind);
CREATE INDEX quotes_act_published ON quotes(act, substantive, published, article, seq);

ALTER TABLE entities ADD COLUMN n_statements INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET n_statements = (SELECT COUNT(*) FROM quotes
                                    WHERE entity = entities.id AND act = 'speech' AND substantive = 1);
CREATE INDEX entities_by_statements ON entities(n_statements DESC);
CREATE TRIGGER quotes_statements_ai AFTER INSERT ON quotes
WHEN new.entity IS NOT NULL AND new.act = 'speech' AND new.substantive = 1 BEGIN
    UPDATE entities SET n_statements = n_statements + 1 WHERE id = new.entity;
END;
CREATE TRIGGER quotes_statements_ad AFTER DELETE ON quotes
WHEN old.entity IS NOT NULL AND old.act = 'speech' AND old.substantive = 1 BEGIN
    UPDATE entities SET n_statements = n_statements - 1 WHERE id = old.entity;
END;

ALTER TABLE sources ADD COLUMN analysis_hash TEXT;

CREATE TRIGGER article_bodies_au AFTER UPDATE OF title, text ON article_bodies BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.article, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.article, new.title, new.text);
END;
