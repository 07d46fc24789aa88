-- The reporting cycle: a school or a commune submits its report for a period, the unit above
-- approves it (which locks the figures of that cohort for the submitter) or returns it with a
-- comment; after approval, changes go through corrections that must themselves be approved.
-- A target remembers its row in the registered table, so the report lists units as the plan did.

alter table target add column position integer not null default 0;

create table report_submission (
    id integer primary key,
    province_code text not null,
    period text not null,                  -- '2024-h1', '2024-y', '2024-q3'
    cohort_year integer not null,          -- the graduates whose figures the period reports
    submitter_kind text not null check (submitter_kind in ('unit', 'institution')),
    submitter_key text not null,           -- the unit's id, or the institution's code
    unit_id integer not null references admin_unit (id),  -- the unit, or the school's commune
    status text not null check (status in ('submitted', 'returned', 'approved')),
    figures text not null,                 -- the figures as submitted (JSON), kept unchanged
    note text not null default '',
    first_submitted_at text not null,
    submitted_at text not null,
    submitted_by text not null,
    reviewed_at text,
    reviewed_by text,
    review_comment text not null default '',
    unique (period, submitter_kind, submitter_key)
);
create index report_submission_cohort on report_submission (cohort_year, status);

create table report_correction (
    id integer primary key,
    province_code text not null,
    submission_id integer not null references report_submission (id),
    graduate_id integer not null references graduate (id),
    field text not null,
    old_value text not null,
    new_value text not null,
    reason text not null,
    status text not null check (status in ('pending', 'approved', 'rejected')),
    requested_by text not null,
    requested_at text not null,
    reviewed_by text,
    reviewed_at text,
    review_comment text not null default ''
);
create index report_correction_submission on report_correction (submission_id, status);
