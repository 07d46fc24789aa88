-- API tokens that can be listed and revoked, and an audit trail a flood cannot fill.
--
-- A session gets a public number (so a token can be listed and revoked without showing its
-- hash), a label, and the browser session that created it: signing out of that session ends its
-- tokens too (the foreign key cascades, and the sign-out statement deletes them explicitly).
-- SQLite cannot add a primary key to a table, so the table is rebuilt; live sessions are kept.
create table user_session_new (
    id integer primary key autoincrement,
    token_hash text not null unique,     -- the token itself is never stored
    user_id integer not null references app_user (id) on delete cascade,
    parent_id integer references user_session_new (id) on delete cascade,
    csrf_token text not null,
    kind text not null check (kind in ('browser', 'api')),
    label text not null default '',
    created_at text not null,
    expires_at text not null
);
insert into user_session_new (token_hash, user_id, csrf_token, kind, created_at, expires_at)
    select token_hash, user_id, csrf_token, kind, created_at, expires_at from user_session;
drop table user_session;
alter table user_session_new rename to user_session;
create index user_session_expiry on user_session (expires_at);
create index user_session_owner on user_session (user_id, kind);
create index user_session_parent on user_session (parent_id);

-- Repeated refusals are counted on one row per (who, action, subject, minute) instead of one
-- row each. Other events keep repeat_minute null and are never merged.
alter table audit_event add column occurrences integer not null default 1;
alter table audit_event add column repeat_minute text;
create unique index audit_event_repeat
    on audit_event (username, action, subject_kind, subject_id, detail, repeat_minute)
    where repeat_minute is not null;
