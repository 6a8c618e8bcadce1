-- pgbench custom script: one durable single-row INSERT per transaction, the PostgreSQL ceiling for ledger appends.
--   pgbench -n -c 32 -j 2 -T 20 -f load-tests/pgbench/insert.sql "$LOYALTY_PG"
-- Run load-tests/pgbench/schema.sql first. -n skips pgbench's own vacuum of its standard tables, which don't exist here.
--
-- Rows go to random members like the real traffic does. pgbench keeps no counter between transactions, so the version
-- is a random 62-bit number: conflict-free in practice (a repeat is about 1e-7 likely at a million rows).
-- Commits use the server's synchronous_commit setting, so leave it at its default (on) to measure durable inserts.
\set member random(1, 100000)
\set version random(1, 4611686018427387904)
\set cents random(100, 24000)
INSERT INTO bench_events (member_id, version, payload)
VALUES ('m' || :member, :version,
        jsonb_build_object('type', 'PurchaseRecorded', 'amount', round(:cents / 100.0, 2), 'currency', 'EUR',
                           'channel', 'pos', 'storeId', 's-17', 'pointsEarned', :cents / 100));
