-- Edge mode finds the article behind an origin page by its permalink (the stored canonical URL
-- of an imported or synced WordPress post) on every page view.
CREATE INDEX articles_by_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
