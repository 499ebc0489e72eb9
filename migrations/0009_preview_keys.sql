-- Each project's preview key: the secret in its preview hosts (`<slug>--p<key>` for the live
-- preview; each version's preview host carries an HMAC of the version id under it), so a draft is
-- reachable only through a link its owner handed out. Rotating the key breaks every old link.
-- 80 random bits as 20 hex digits, the same form the platform generates for new projects.
ALTER TABLE projects ADD COLUMN preview_key TEXT;
UPDATE projects SET preview_key = lower(hex(randomblob(10))) WHERE preview_key IS NULL;
