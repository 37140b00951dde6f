-- Version 7: the network around an entity (Queries.network) reads who is quoted in its articles
-- and where each quote and mention lies; these indexes hold those columns, so it reads them
-- from the indexes alone instead of one table row per quote and mention (a cold network around
-- a much-quoted entity read ~20,000 rows). Each replaces an index it extends.

DROP INDEX quotes_article;
CREATE INDEX quotes_article_span ON quotes(article, start, end, entity);

DROP INDEX mentions_article;
CREATE INDEX mentions_article_span ON mentions(article, local_id, start, end);
