-- 0011 engagement tally writers without deadlocks (issue 16, ING-PERF; spec 50 DB-40).
--
-- Found on the demo's first fetch: two merges of posts of one client and day ran at once and the
-- 0010 trigger upserted their shared engagement_tally rows (one per person and day) each in its
-- own order, so PostgreSQL aborted one with "deadlock detected". Writers of the tally now take
-- one transaction-scoped advisory lock per (kind, owner, day) they touch, in ascending lock-id
-- order, before touching its rows. Only the two trigger functions change; no row is touched.

-- The advisory lock id of one (kind, owner, day) of the tally (issue 16: writers serialise on it).
CREATE OR REPLACE FUNCTION cicero_tally_key(p_kind text, p_owner text, p_day date) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT hashtext(p_kind || '|' || p_owner || '|' || (p_day - DATE '2000-01-01')::text) $$;

CREATE OR REPLACE FUNCTION cicero_tally_handle_rows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    k integer;
    q text := format('SELECT %L::varchar AS kind, lower(btrim(p.client_id)) AS owner_id,'
                     ' ((p.created_at AT TIME ZONE ''UTC'') AT TIME ZONE ''Asia/Jakarta'')::date AS day,'
                     ' u.user_id, count(*)::int AS n FROM changed c JOIN %I p ON p.%I = c.%I'
                     ' JOIN "user" u ON cicero_norm_handle(u.%I) = c.handle'
                     ' WHERE p.client_id IS NOT NULL GROUP BY 2, 3, 4',
                     TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[2], TG_ARGV[3]);
BEGIN
    -- Shared with every other writer of rows; a handle change takes it exclusively (below), so a
    -- person's recount never misses rows committed meanwhile.
    PERFORM pg_advisory_xact_lock_shared(72657362);
    -- One writer at a time per (kind, owner, day), locks taken in one global order: the tally rows
    -- of a day are shared by all its posts, and writers locking them row by row in their own
    -- order deadlocked (two merges of one client's posts at once, each upserting the same people).
    FOR k IN EXECUTE format('SELECT DISTINCT cicero_tally_key(%L, lower(btrim(p.client_id)),'
                            ' ((p.created_at AT TIME ZONE ''UTC'') AT TIME ZONE ''Asia/Jakarta'')::date)'
                            ' FROM changed c JOIN %I p ON p.%I = c.%I WHERE p.client_id IS NOT NULL ORDER BY 1',
                            TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[2]) LOOP
        PERFORM pg_advisory_xact_lock(72657363, k);
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        EXECUTE 'INSERT INTO engagement_tally AS t (kind, owner_id, day, user_id, cnt) ' || q
             || ' ON CONFLICT (kind, owner_id, day, user_id) DO UPDATE SET cnt = t.cnt + EXCLUDED.cnt';
    ELSE
        EXECUTE 'DELETE FROM engagement_tally t USING (' || q || ') d WHERE t.kind = d.kind'
             || ' AND t.owner_id = d.owner_id AND t.day = d.day AND t.user_id = d.user_id AND t.cnt <= d.n';
        EXECUTE 'UPDATE engagement_tally t SET cnt = t.cnt - d.n FROM (' || q || ') d WHERE t.kind = d.kind'
             || ' AND t.owner_id = d.owner_id AND t.day = d.day AND t.user_id = d.user_id';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cicero_tally_post() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    i integer := 1;
    old_owner text := lower(btrim(OLD.client_id));
    old_day date := ((OLD.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date;
    post_id text := to_jsonb(OLD) ->> TG_ARGV[0];
    new_owner text := lower(btrim(NEW.client_id));
    new_day date := ((NEW.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Jakarta')::date;
    keys integer[] := '{}';
    k integer;
BEGIN
    IF TG_OP = 'UPDATE' AND old_owner IS NOT DISTINCT FROM new_owner AND old_day IS NOT DISTINCT FROM new_day THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(72657362);
    -- The (kind, owner, day) locks of cicero_tally_handle_rows, old and new day, in the same order.
    WHILE i + 2 < TG_NARGS LOOP
        keys := keys || cicero_tally_key(TG_ARGV[i], old_owner, old_day);
        IF TG_OP = 'UPDATE' THEN
            keys := keys || cicero_tally_key(TG_ARGV[i], new_owner, new_day);
        END IF;
        i := i + 3;
    END LOOP;
    FOR k IN SELECT DISTINCT x FROM unnest(keys) x WHERE x IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(72657363, k);
    END LOOP;
    i := 1;
    WHILE i + 2 < TG_NARGS LOOP
        PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                                       post_id, old_owner, old_day, -1);
        IF TG_OP = 'UPDATE' THEN
            PERFORM cicero_tally_post_rows(TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0], TG_ARGV[i + 2],
                post_id, new_owner, new_day, 1);
        END IF;
        i := i + 3;
    END LOOP;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
