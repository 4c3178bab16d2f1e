DROP TABLE tower_sessions.session;
DROP SCHEMA tower_sessions;
