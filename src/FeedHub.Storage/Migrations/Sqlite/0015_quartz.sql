-- Quartz.NET's clustered job store (FeedHub:Scheduling:Clustered=true) lives on PostgreSQL and
-- SQL Server only: clustering on SQLite is refused at start, and a single worker keeps Quartz in
-- memory. This version creates nothing here; it exists so that a version number means the same
-- FeedHub schema on every engine.
SELECT 1;
