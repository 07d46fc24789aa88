-- Targets per indicator, unit and year, and the two school flags the school-based indicators
-- count (a guidance programme tied to local production; a qualified counselling teacher).

alter table institution add column has_guidance_programme boolean not null default false;
alter table institution add column has_counsellor boolean not null default false;

create table target (
    indicator_code text not null,
    unit_id bigint not null references admin_unit (id),
    year integer not null,
    level text not null check (level in ('thcs', 'thpt', 'all')),  -- 'all': THCS and THPT together
    value double precision not null,
    created_at timestamptz not null,
    primary key (indicator_code, unit_id, year, level)
);
