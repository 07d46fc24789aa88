-- The figures live in the database, kept in the transaction of every write that moves them, so
-- every process reads the same counts at once and nothing has to be loaded at start.
-- `school_containment`: every unit (of every era, through the succession) a school counts in.
-- `school_tally` / `unit_tally`: graduates per (school or unit, year, level, destination, gender,
-- ethnic minority). A count never goes below zero: a write that would make it so is refused.
-- They are filled from the records when the store is opened (see `figures::ensure_built`).

create table school_containment (
    school_code text not null references institution (code) on delete cascade,
    unit_id bigint not null references admin_unit (id) on delete cascade,
    primary key (school_code, unit_id)
);
create index school_containment_unit on school_containment (unit_id, school_code);

create table school_tally (
    school_code text not null,
    year integer not null,
    level text not null,
    destination text not null,
    gender text not null,
    minority boolean not null,
    count bigint not null check (count >= 0),
    primary key (school_code, year, level, destination, gender, minority)
);
create index school_tally_year on school_tally (year);

create table unit_tally (
    unit_id bigint not null,
    year integer not null,
    level text not null,
    destination text not null,
    gender text not null,
    minority boolean not null,
    count bigint not null check (count >= 0),
    primary key (unit_id, year, level, destination, gender, minority)
);

-- Whether the tallies have been counted from the records since this migration, and a number
-- moved by every write of figures, so that a process may keep what it read until it changes.
create table figures_state (
    id integer primary key check (id = 1),
    built boolean not null,
    version bigint not null default 0
);
insert into figures_state (id, built) values (1, false);
