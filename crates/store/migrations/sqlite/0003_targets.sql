-- Targets per indicator, unit and year, and the two school flags the school-based indicators
-- count (a guidance programme tied to local production; a qualified counselling teacher).

alter table institution add column has_guidance_programme integer not null default 0;
alter table institution add column has_counsellor integer not null default 0;

create table target (
    indicator_code text not null,
    unit_id integer not null references admin_unit (id),
    year integer not null,
    level text not null check (level in ('thcs', 'thpt', 'all')),  -- 'all': THCS and THPT together
    value real not null,                   -- a percentage, 0-100
    created_at text not null,
    primary key (indicator_code, unit_id, year, level)
);
