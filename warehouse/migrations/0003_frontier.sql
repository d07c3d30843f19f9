-- 0003_frontier: candidates a run found but had no budget to fetch.
--
-- Discovery ranks candidates by relevance before fetching and fetches at most max_new_articles new ones
-- per run.  The rest used to be forgotten, and a feed or page that answers 304 next time never offers
-- them again; now they wait here and compete with the next run's candidates.  A row is removed once its
-- URL has been fetched (whatever the outcome: the fetches log keeps that).

CREATE TABLE frontier (
    story      VARCHAR NOT NULL REFERENCES stories (slug),
    url        VARCHAR NOT NULL CHECK (url <> ''),
    title      VARCHAR NOT NULL DEFAULT '',
    summary    VARCHAR NOT NULL DEFAULT '',
    via        VARCHAR NOT NULL,
    source_url VARCHAR NOT NULL DEFAULT '',
    depth      INTEGER NOT NULL CHECK (depth >= 0),
    score      DOUBLE NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (story, url)
);
COMMENT ON TABLE frontier IS 'Candidate URLs found but not yet fetched (over the run budget), best score first.';
