-- Graduates of THCS and THPT, one record per graduate per year and level, with their
-- destination; dated follow-ups in later years; the history of every change.
-- SQLite keys rows by its rowid, so the key is the id alone; province_code is still carried
-- (and indexed) so that rows move unchanged to a PostgreSQL installation distributed by it.

create table graduate (
    id integer primary key,
    province_code text not null,
    year integer not null,
    level text not null check (level in ('thcs', 'thpt')),
    school_code text not null references institution (code),
    moet_id text,                         -- opaque MOET student id; may be missing
    family_middle text not null,
    given text not null,
    name_folded text not null,            -- for accent-insensitive search and matching
    birth_date text not null,
    gender text not null check (gender in ('male', 'female')),
    ethnicity text not null,              -- 01-54, 55 foreigner, 00 unknown (sensitive)
    residence_commune_id integer references admin_unit (id),
    class_name text not null default '',
    academic text,
    conduct text,
    exam_sat integer,
    exam_passed integer,
    wishes text not null default '',
    destination text not null,
    destination_institution text,
    destination_date text,
    destination_source text not null default '',
    created_at text not null,
    updated_at text not null
);
create index graduate_school on graduate (school_code, year, level);
create index graduate_province on graduate (province_code, year, level);
create unique index graduate_moet on graduate (moet_id, year, level) where moet_id is not null;
create index graduate_name on graduate (name_folded, year, level);

create table graduate_follow_up (
    id integer primary key,
    province_code text not null,
    graduate_id integer not null references graduate (id) on delete cascade,
    on_date text not null,
    status text not null,
    note text not null default '',
    username text not null,
    created_at text not null
);
create index graduate_follow_up_graduate on graduate_follow_up (graduate_id);

create table graduate_change (
    id integer primary key,
    province_code text not null,
    graduate_id integer not null references graduate (id) on delete cascade,
    field text not null,
    old_value text not null,
    new_value text not null,
    source text not null,                 -- 'import FILE' or 'web'
    username text not null,
    created_at text not null
);
create index graduate_change_graduate on graduate_change (graduate_id);
