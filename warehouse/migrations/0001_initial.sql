-- 0001_initial: the storydiff warehouse tables.
--
-- Conventions
--   * Every timestamp is TIMESTAMPTZ (UTC on the way in and out).
--   * Ids are text: article_id = first 16 hex of sha256(canonical url); fact_id = first 16 hex of
--     sha256(article_id, version, position, text); run_id = uuid4 text; entry_id = a tag: URI minted once.
--   * JSON columns hold structure that varies (entity lists, quantities, diff reasons, run stats).
--   * Append-only logs (fetches, article_versions, facts, diffs) are never updated; articles, runs and
--     developments carry a few mutable bookkeeping columns (last_seen, status, updated ...).

CREATE TABLE stories (
    slug         VARCHAR PRIMARY KEY CHECK (regexp_full_match(slug, '[a-z0-9][a-z0-9._-]*')),
    title        VARCHAR NOT NULL CHECK (title <> ''),
    baseline_url VARCHAR NOT NULL CHECK (baseline_url <> ''),
    created_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE stories IS 'One tracked news story: its slug (used in feed ids), title and baseline article URL.';

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,
    story       VARCHAR NOT NULL REFERENCES stories (slug),
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'partial', 'failed', 'cancelled')),
    stats       JSON NOT NULL DEFAULT '{}',
    CHECK (finished_at IS NULL OR finished_at >= started_at),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
COMMENT ON TABLE runs IS 'One ETL run of one story; stats is the flow''s free-form JSON summary.';

CREATE SEQUENCE fetch_id_seq START 1;
CREATE TABLE fetches (
    fetch_id      BIGINT PRIMARY KEY DEFAULT nextval('fetch_id_seq'),
    run_id        VARCHAR NOT NULL REFERENCES runs (run_id),
    story         VARCHAR NOT NULL REFERENCES stories (slug),
    url           VARCHAR NOT NULL CHECK (url <> ''),
    final_url     VARCHAR,
    status        INTEGER CHECK (status BETWEEN 100 AND 599),
    etag          VARCHAR,
    last_modified VARCHAR,
    content_hash  VARCHAR,           -- sha256 hex of the raw response body (Page.content_hash)
    bytes         BIGINT CHECK (bytes >= 0),
    attempts      INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 0),
    outcome       VARCHAR NOT NULL CHECK (outcome IN ('ok', 'not_modified', 'unchanged', 'error', 'skipped')),
    error_kind    VARCHAR,           -- sources.errors.*.kind, e.g. 'timeout', 'robots', 'parse'
    error         VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL,
    CHECK (outcome <> 'error' OR error_kind IS NOT NULL),
    CHECK (outcome NOT IN ('ok', 'unchanged') OR content_hash IS NOT NULL)
);
COMMENT ON TABLE fetches IS 'Append-only log of every fetch attempt; the latest successful row per URL holds the HTTP validators.';

CREATE TABLE articles (
    article_id   VARCHAR PRIMARY KEY CHECK (regexp_full_match(article_id, '[0-9a-f]{16}')),
    story        VARCHAR NOT NULL REFERENCES stories (slug),
    url          VARCHAR NOT NULL CHECK (url <> ''),
    publisher    VARCHAR NOT NULL,
    publisher_id VARCHAR,
    title        VARCHAR NOT NULL,
    section      VARCHAR,
    author       VARCHAR,
    published_at TIMESTAMPTZ,
    is_baseline  BOOLEAN NOT NULL DEFAULT false,
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    last_checked TIMESTAMPTZ NOT NULL,
    next_check   TIMESTAMPTZ,        -- NULL: no re-check planned
    CHECK (last_seen >= first_seen)
);
COMMENT ON TABLE articles IS 'One row per article URL (canonical), with the latest metadata and its re-check schedule.';

CREATE TABLE article_versions (
    article_id   VARCHAR NOT NULL REFERENCES articles (article_id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    content_hash VARCHAR NOT NULL,   -- sha256 hex of the parsed title + paragraphs (not the raw page)
    page_hash    VARCHAR,            -- Page.content_hash of the response it was parsed from
    title        VARCHAR NOT NULL,
    summary      VARCHAR,            -- the parser's standfirst/description (not part of content_hash)
    body         VARCHAR NOT NULL,
    paragraphs   JSON NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, version),
    UNIQUE (article_id, content_hash)
);
COMMENT ON TABLE article_versions IS 'Each distinct parsed body of an article; a changed title or body is a new version.';

CREATE TABLE facts (
    fact_id       VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 0),
    paragraph     INTEGER NOT NULL CHECK (paragraph >= 0),
    text          VARCHAR NOT NULL CHECK (text <> ''),
    sentence      VARCHAR NOT NULL CHECK (sentence <> ''),
    people        JSON NOT NULL DEFAULT '[]',
    organisations JSON NOT NULL DEFAULT '[]',
    places        JSON NOT NULL DEFAULT '[]',
    quantities    JSON NOT NULL DEFAULT '[]',  -- [{"value", "unit", "text", "approx"}]
    dates         JSON NOT NULL DEFAULT '[]',
    speaker       VARCHAR,
    quote         VARCHAR,
    UNIQUE (article_id, version, position),
    FOREIGN KEY (article_id, version) REFERENCES article_versions (article_id, version)
);
COMMENT ON TABLE facts IS 'Facts (claims) split from one article version, in article order.';

CREATE TABLE diffs (
    fact_id           VARCHAR PRIMARY KEY REFERENCES facts (fact_id),
    story             VARCHAR NOT NULL REFERENCES stories (slug),
    label             VARCHAR NOT NULL CHECK (label IN ('new', 'changed', 'restated', 'unrelated')),
    baseline_fact_id  VARCHAR REFERENCES facts (fact_id),
    baseline_sentence VARCHAR,
    score             DOUBLE NOT NULL CHECK (isfinite(score)),
    change_slot       VARCHAR,
    change_before     VARCHAR,
    change_after      VARCHAR,
    reason            JSON NOT NULL DEFAULT '{}',
    engine_version    VARCHAR NOT NULL CHECK (engine_version <> ''),
    CHECK ((change_slot IS NULL) = (change_before IS NULL) AND (change_slot IS NULL) = (change_after IS NULL))
);
COMMENT ON TABLE diffs IS 'Each fact compared with the story baseline by the fact engine (engine_version says which rules).';

CREATE TABLE developments (
    story             VARCHAR NOT NULL REFERENCES stories (slug),
    dev_key           VARCHAR NOT NULL CHECK (regexp_full_match(dev_key, '[A-Za-z0-9._~:@!$&''()*+,;=/-]+')),
    entry_id          VARCHAR NOT NULL UNIQUE CHECK (starts_with(entry_id, 'tag:')),
    label             VARCHAR NOT NULL CHECK (label IN ('new', 'changed')),
    evidence          VARCHAR NOT NULL CHECK (evidence <> ''),
    baseline_sentence VARCHAR,
    change_slot       VARCHAR,
    change_before     VARCHAR,
    change_after      VARCHAR,
    first_fact_id     VARCHAR NOT NULL REFERENCES facts (fact_id),
    first_seen        TIMESTAMPTZ NOT NULL,
    updated           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (story, dev_key),
    CHECK (updated >= first_seen)
);
COMMENT ON TABLE developments IS 'A new or changed fact, merged across outlets; entry_id is its Atom id, minted once at first sight.';

CREATE TABLE development_sources (
    story        VARCHAR NOT NULL,
    dev_key      VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL REFERENCES articles (article_id),
    fact_id      VARCHAR NOT NULL REFERENCES facts (fact_id),
    url          VARCHAR NOT NULL,
    outlet       VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    published_at TIMESTAMPTZ,
    seen_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (story, dev_key, article_id),
    FOREIGN KEY (story, dev_key) REFERENCES developments (story, dev_key)
);
COMMENT ON TABLE development_sources IS 'Each article that reports a development (corroboration); the first is the one that created it.';
