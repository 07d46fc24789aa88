-- The foundation: administrative units across reforms, institutions, users, sessions, audit.
-- Dates are ISO-8601 text (sqlx's encoding of chrono types); comparisons stay correct as text.

create table admin_unit (
    id integer primary key,              -- assigned by the import, so parents resolve in one pass
    code text not null,
    level text not null check (level in ('province', 'district', 'commune')),
    name text not null,
    kind text not null,                  -- Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, ...
    province_code text not null,
    parent_id integer references admin_unit (id),
    valid_from text,                     -- null: since before the records begin
    valid_to text,                       -- null: still in force
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
create unique index admin_unit_code_period on admin_unit (code, coalesce(valid_from, '0001-01-01'));
create index admin_unit_parent on admin_unit (parent_id);

create table unit_succession (
    old_unit_id integer not null references admin_unit (id),
    new_unit_id integer not null references admin_unit (id),
    kind text not null check (kind in ('whole', 'part', 'part-default')),
    primary key (old_unit_id, new_unit_id)
);
create index unit_succession_new on unit_succession (new_unit_id);

create table institution (
    province_code text not null,
    code text not null,
    kind text not null,
    ownership text not null check (ownership in ('public', 'non_public')),
    name text not null,
    address text not null default '',
    phone text not null default '',
    email text not null default '',
    commune_unit_id integer not null references admin_unit (id),
    managing_unit_id integer not null references admin_unit (id),
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    primary key (province_code, code)
);
create unique index institution_code on institution (code);
create index institution_commune on institution (commune_unit_id);

create table app_user (
    id integer primary key autoincrement,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    role text not null,
    scope_unit_id integer references admin_unit (id),
    scope_institution_code text references institution (code),
    active integer not null default 1,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create table user_session (
    token_hash text primary key,         -- the token itself is never stored
    user_id integer not null references app_user (id) on delete cascade,
    csrf_token text not null,
    kind text not null check (kind in ('browser', 'api')),
    created_at text not null,
    expires_at text not null
);
create index user_session_expiry on user_session (expires_at);

create table login_failure (
    throttle_key text primary key,       -- a hash of username and client address
    failures integer not null,
    last_failure_at text not null
);

create table audit_event (
    id integer primary key autoincrement,
    created_at text not null,
    user_id integer,
    username text not null,              -- kept as written, so the trail survives the account
    action text not null,
    subject_kind text not null,
    subject_id text not null,
    detail text not null default ''
);
create index audit_event_time on audit_event (created_at);
