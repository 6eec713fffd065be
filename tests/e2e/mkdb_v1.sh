#!/bin/sh
# mkdb_v1.sh DB — a report database as the first release (schema version 1)
# wrote it: one run with one artifact row (no ctime). For the upgrade tests.
set -e
sqlite3 -batch "$1" <<'SQL'
CREATE TABLE runs( id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, tier TEXT NOT NULL, addons TEXT NOT NULL, as_of TEXT NOT NULL, evidence_root TEXT NOT NULL, catalog_version TEXT NOT NULL, verdict TEXT NOT NULL CHECK (verdict IN ('pass','fail')), gap_count INTEGER NOT NULL, cap_count INTEGER NOT NULL, waived_gaps INTEGER NOT NULL DEFAULT 0, waived_caps INTEGER NOT NULL DEFAULT 0, overall_score REAL, measured_managed INTEGER NOT NULL DEFAULT 0, catalog_name TEXT, tool_version TEXT, organization TEXT, assessment TEXT, scope_file TEXT, manifests INTEGER, files_seen INTEGER, artifacts_hashed INTEGER NOT NULL DEFAULT 0, artifacts_cached INTEGER NOT NULL DEFAULT 0, bytes_hashed INTEGER NOT NULL DEFAULT 0, hash_started_ns INTEGER);
CREATE TABLE domain_scores( run_id INTEGER NOT NULL REFERENCES runs(id), domain TEXT NOT NULL, name TEXT NOT NULL, score REAL, threshold REAL, statements INTEGER NOT NULL, passed INTEGER, in_scope INTEGER NOT NULL DEFAULT 0, plan_effort INTEGER NOT NULL DEFAULT 0, plan_items INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, domain));
CREATE TABLE pool_scores( run_id INTEGER NOT NULL REFERENCES runs(id), pool TEXT NOT NULL, name TEXT NOT NULL, score REAL, threshold REAL, statements INTEGER NOT NULL, passed INTEGER, in_scope INTEGER NOT NULL DEFAULT 0, plan_effort INTEGER NOT NULL DEFAULT 0, plan_items INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, pool));
CREATE TABLE requirement_scores( run_id INTEGER NOT NULL REFERENCES runs(id), requirement_id TEXT NOT NULL, domain TEXT NOT NULL, pool TEXT NOT NULL, title TEXT, control_ref TEXT, statement TEXT, score REAL, ceiling REAL, policy REAL, procedure REAL, implemented REAL, measured REAL, managed REAL, status TEXT NOT NULL CHECK (status IN ('scored','not_applicable','no_evidence')), effort INTEGER, owner TEXT, manifest TEXT, manifest_line INTEGER, na_reason TEXT, provider TEXT, inherited_weight INTEGER, waiver_reason TEXT, waiver_expires TEXT, PRIMARY KEY (run_id, requirement_id));
CREATE TABLE gaps( run_id INTEGER NOT NULL REFERENCES runs(id), requirement_id TEXT NOT NULL, rank INTEGER NOT NULL, cap_required INTEGER NOT NULL, blocker INTEGER NOT NULL, points_lost REAL NOT NULL, effort INTEGER NOT NULL, reason TEXT NOT NULL, kind TEXT NOT NULL, waived INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, requirement_id));
CREATE TABLE findings( run_id INTEGER NOT NULL REFERENCES runs(id), requirement_id TEXT, path TEXT, line INTEGER, code TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX findings_run ON findings(run_id);
CREATE TABLE artifacts( run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL CHECK (length(sha256) = 64), PRIMARY KEY (run_id, path)) WITHOUT ROWID;
INSERT INTO runs VALUES(1,'2026-11-01T00:00:00Z','e1','','2026-11-01','/nonexistent','test-1','fail',1,1,0,0,50.0,0,'test mini catalog','0.1.0',NULL,NULL,NULL,1,1,1,0,10,1000);
INSERT INTO domain_scores VALUES(1,'01','Information Protection Program',50.0,83.0,1,0,1,1,1);
INSERT INTO requirement_scores VALUES(1,'T.01','01','domain','A title','01.a','A statement',50.0,100.0,NULL,NULL,50.0,NULL,NULL,'scored',1,NULL,'t01.evidence.yaml',1,NULL,NULL,NULL,NULL,NULL);
INSERT INTO gaps VALUES(1,'T.01',1,1,1,50.0,1,'plan','plan',0);
INSERT INTO findings VALUES(1,'T.01','t01.evidence.yaml',2,'stale','implemented is stale');
INSERT INTO artifacts VALUES(1,'x.csv',4,1000,1,'0000000000000000000000000000000000000000000000000000000000000000');
PRAGMA user_version = 1;
SQL
