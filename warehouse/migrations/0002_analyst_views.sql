-- 0002_analyst_views: read-only views for analysts (documented in warehouse/README.md).
-- Query them on the snapshot file (Warehouse.snapshot), not on the live warehouse, which a run may lock.
-- Views carry ORDER BY for convenient browsing; add your own ORDER BY when order matters downstream.

-- v_developments: one row per development of a story, with its corroboration.
CREATE VIEW v_developments AS
SELECT
    d.story,
    d.dev_key,
    d.entry_id,
    d.label,
    d.evidence,
    d.baseline_sentence,
    d.change_slot,
    d.change_before                              AS before,
    d.change_after                               AS after,
    count(s.article_id)                          AS source_count,
    count(DISTINCT s.outlet)                     AS outlet_count,
    list_sort(list_distinct(list(s.outlet)))     AS outlets,
    arg_min(s.url, s.seen_at)                    AS first_url,
    d.first_seen,
    max(s.seen_at)                               AS last_seen,
    d.updated
FROM developments AS d
LEFT JOIN development_sources AS s ON s.story = d.story AND s.dev_key = d.dev_key
GROUP BY d.story, d.dev_key, d.entry_id, d.label, d.evidence, d.baseline_sentence,
         d.change_slot, d.change_before, d.change_after, d.first_seen, d.updated
ORDER BY d.story, d.first_seen, d.dev_key;
COMMENT ON VIEW v_developments IS 'One row per development (new or changed fact) by story: source_count = articles reporting it (corroboration), first/last seen, before/after for changed facts.';
COMMENT ON COLUMN v_developments.source_count IS 'Number of articles that report this development; 1 = uncorroborated.';
COMMENT ON COLUMN v_developments.outlet_count IS 'Number of distinct outlets among those articles.';
COMMENT ON COLUMN v_developments.last_seen IS 'When the most recent source was attached.';
COMMENT ON COLUMN v_developments.updated IS 'The Atom <updated> of the entry: bumped only when a new source is attached.';

-- v_story_timeline: every dated event of a story, in time order.
CREATE VIEW v_story_timeline AS
WITH events AS (
    SELECT a.story, a.published_at AS occurred_at, 'baseline_published' AS event, 0 AS event_rank,
           a.article_id, a.url, NULL::VARCHAR AS dev_key, NULL::VARCHAR AS label, a.title AS detail
    FROM articles AS a
    WHERE a.is_baseline AND a.published_at IS NOT NULL
    UNION ALL
    SELECT a.story, a.published_at, 'article_published', 1,
           a.article_id, a.url, NULL, NULL, a.title
    FROM articles AS a
    WHERE NOT a.is_baseline AND a.published_at IS NOT NULL
    UNION ALL
    SELECT a.story, a.first_seen, 'article_first_seen', 2,
           a.article_id, a.url, NULL, NULL, a.title
    FROM articles AS a
    UNION ALL
    SELECT a.story, v.fetched_at, 'article_revised', 3,
           a.article_id, a.url, NULL, NULL, 'version ' || v.version || ': ' || v.title
    FROM article_versions AS v
    JOIN articles AS a ON a.article_id = v.article_id
    WHERE v.version > 1
    UNION ALL
    SELECT d.story, d.first_seen, 'development', 4,
           f.article_id, a.url, d.dev_key, d.label, d.evidence
    FROM developments AS d
    JOIN facts AS f ON f.fact_id = d.first_fact_id
    JOIN articles AS a ON a.article_id = f.article_id
    UNION ALL
    SELECT s.story, s.seen_at, 'development_corroborated', 5,
           s.article_id, s.url, s.dev_key, d.label, s.outlet || ': ' || d.evidence
    FROM development_sources AS s
    JOIN developments AS d ON d.story = s.story AND d.dev_key = s.dev_key
    JOIN facts AS f ON f.fact_id = d.first_fact_id
    WHERE s.article_id <> f.article_id
)
SELECT story, occurred_at, event, article_id, url, dev_key, label, detail
FROM events
ORDER BY story, occurred_at, event_rank, article_id, dev_key;
COMMENT ON VIEW v_story_timeline IS 'Every dated event of a story in order: baseline_published, article_published, article_first_seen, article_revised, development, development_corroborated.';
COMMENT ON COLUMN v_story_timeline.event IS 'baseline_published | article_published | article_first_seen | article_revised | development | development_corroborated';
COMMENT ON COLUMN v_story_timeline.detail IS 'Human-readable: article title, "version N: title", or the development evidence.';

-- v_fetch_outcomes: one row per run, counting fetch outcomes.
CREATE VIEW v_fetch_outcomes AS
SELECT
    r.run_id,
    r.story,
    r.started_at,
    r.finished_at,
    r.status                                                   AS run_status,
    count(f.fetch_id)                                          AS fetches,
    count(f.fetch_id) FILTER (WHERE f.outcome = 'ok')           AS ok,
    count(f.fetch_id) FILTER (WHERE f.outcome = 'not_modified') AS not_modified,
    count(f.fetch_id) FILTER (WHERE f.outcome = 'unchanged')    AS unchanged,
    count(f.fetch_id) FILTER (WHERE f.outcome = 'error')        AS errors,
    count(f.fetch_id) FILTER (WHERE f.outcome = 'skipped')      AS skipped,
    coalesce(sum(f.bytes), 0)                                  AS bytes,
    coalesce(sum(f.attempts), 0)                               AS attempts,
    list_sort(list_distinct(list(f.error_kind)))               AS error_kinds
FROM runs AS r
LEFT JOIN fetches AS f ON f.run_id = r.run_id
GROUP BY r.run_id, r.story, r.started_at, r.finished_at, r.status
ORDER BY r.started_at, r.run_id;
COMMENT ON VIEW v_fetch_outcomes IS 'One row per run: how many fetches ended ok / not_modified (304) / unchanged (same bytes) / error / skipped, bytes read, attempts and the error kinds seen.';
COMMENT ON COLUMN v_fetch_outcomes.unchanged IS 'Fetched in full but the body hash equals the previous one (no parse needed).';
COMMENT ON COLUMN v_fetch_outcomes.error_kinds IS 'Distinct sources.errors kinds seen in this run, e.g. [timeout, robots].';
