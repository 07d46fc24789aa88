//! The SQL both backends share. It is written once, in the dialect common to SQLite and
//! PostgreSQL (`$n` placeholders, `on conflict`, recursive CTEs), and expanded for each backend's
//! concrete sqlx types by `impl_store!`, because sqlx's generic bounds over `Database` would
//! otherwise have to be repeated on every function. What differs between the backends
//! (connection set-up, migrations, DDL) lives in `sqlite.rs` and `postgres.rs`.

/// Rows per multi-row insert: well inside SQLite's 32,766 bound variables.
pub(crate) const BATCH_ROWS: usize = 500;

pub(crate) const UNIT_COLUMNS: &str =
    "id, code, level, name, kind, province_code, parent_id, valid_from, valid_to";

pub(crate) const INSTITUTION_COLUMNS: &str = "code, kind, ownership, name, address, phone, email, \
     province_code, commune_unit_id, managing_unit_id";

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, \
     u.scope_unit_id, u.scope_institution_code, u.active";

/// The units that directly contain one: its parent, and the successors that carry its figures.
pub(crate) const CONTAINERS: &str = "
    select parent_id from admin_unit where id = $1 and parent_id is not null
    union
    select new_unit_id from unit_succession where old_unit_id = $1 and kind <> 'part'";

/// The units in a subtree, widened by succession: an institution registered under an old
/// commune is found under the new one that carries it; one registered under a new commune is
/// found under an old unit only when every old unit the new commune was formed from lies in
/// that old unit's subtree (otherwise which of them it was in is not known, and an old commune
/// must not see a school of its merger partner).
pub(crate) const INSTITUTIONS_IN_SUBTREE: &str = "
    with recursive down(id) as (
        select id from admin_unit where id = $1
        union
        select u.id from admin_unit u join down on u.parent_id = down.id
    ),
    located(id) as (
        select id from down
        union select s.old_unit_id from unit_succession s join down on s.new_unit_id = down.id
              where s.kind <> 'part'
        union select s.new_unit_id from unit_succession s join down on s.old_unit_id = down.id
              where s.kind <> 'part'
                and not exists (
                    select 1 from unit_succession o
                    where o.new_unit_id = s.new_unit_id
                      and o.old_unit_id not in (select id from down))
    )
    select code, kind, ownership, name, address, phone, email, province_code, commune_unit_id,
           managing_unit_id
    from institution
    where commune_unit_id in (select id from located) and ($2 is null or kind = $2)";

macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn backend(&self) -> $crate::Backend {
                $backend
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn all_units(&self) -> $crate::Result<Vec<$crate::Unit>> {
                let sql = format!("select {} from admin_unit order by id", $crate::queries::UNIT_COLUMNS);
                let rows = sqlx::query_as::<$db, $crate::model::UnitRow>(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&self.pool)
                    .await?;
                $crate::model::convert_all(rows)
            }

            async fn apply_units(&self, plan: &$crate::UnitPlan) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                for chunk in plan.units.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(format!(
                        "insert into admin_unit ({}) ",
                        $crate::queries::UNIT_COLUMNS
                    ));
                    insert.push_values(chunk, |mut row, unit| {
                        row.push_bind(unit.id)
                            .push_bind(unit.code.clone())
                            .push_bind(unit.level.code())
                            .push_bind(unit.name.clone())
                            .push_bind(unit.kind.clone())
                            .push_bind(unit.province_code.clone())
                            .push_bind(unit.parent_id)
                            .push_bind(unit.validity.from)
                            .push_bind(unit.validity.to);
                    });
                    insert.push(
                        " on conflict (id) do update set code = excluded.code, \
                         level = excluded.level, name = excluded.name, kind = excluded.kind, \
                         province_code = excluded.province_code, parent_id = excluded.parent_id, \
                         valid_from = excluded.valid_from, valid_to = excluded.valid_to",
                    );
                    insert
                        .build()
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::StoreError::from_write(e, "mã đơn vị trong cùng thời kỳ"))?;
                }
                for chunk in plan.successions.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "insert into unit_succession (old_unit_id, new_unit_id, kind) ",
                    );
                    insert.push_values(chunk, |mut row, succession| {
                        row.push_bind(succession.old_unit_id)
                            .push_bind(succession.new_unit_id)
                            .push_bind(succession.kind.code());
                    });
                    insert.push(" on conflict (old_unit_id, new_unit_id) do update set kind = excluded.kind");
                    insert.build().execute(&mut *tx).await?;
                }
                Self::refresh_containment(&mut tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn unit_count(&self) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>("select count(*) from admin_unit")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn unit_on(
                &self,
                code: &str,
                day: chrono::NaiveDate,
            ) -> $crate::Result<Option<$crate::Unit>> {
                let sql = format!(
                    "select {} from admin_unit where code = $1 \
                     and (valid_from is null or valid_from <= $2) \
                     and (valid_to is null or valid_to >= $2)",
                    $crate::queries::UNIT_COLUMNS
                );
                let row = sqlx::query_as::<$db, $crate::model::UnitRow>(sqlx::AssertSqlSafe(sql))
                    .bind(code)
                    .bind(day)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::Unit::try_from).transpose()
            }

            async fn unit(&self, id: i64) -> $crate::Result<Option<$crate::Unit>> {
                let sql = format!("select {} from admin_unit where id = $1", $crate::queries::UNIT_COLUMNS);
                let row = sqlx::query_as::<$db, $crate::model::UnitRow>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::Unit::try_from).transpose()
            }

            async fn children(&self, id: i64) -> $crate::Result<Vec<$crate::Unit>> {
                let sql = format!("select {} from admin_unit where parent_id = $1", $crate::queries::UNIT_COLUMNS);
                let rows = sqlx::query_as::<$db, $crate::model::UnitRow>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                $crate::model::convert_all(rows)
            }

            async fn ancestors(&self, id: i64) -> $crate::Result<Vec<$crate::Unit>> {
                let mut chain = Vec::new();
                let mut next = Some(id);
                // A tree is at most three deep; the bound guards against a cycle in bad data.
                while let Some(current) = next.filter(|_| chain.len() < 8) {
                    match self.unit(current).await? {
                        Some(unit) => {
                            next = unit.parent_id;
                            chain.push(unit);
                        }
                        None => break,
                    }
                }
                Ok(chain)
            }

            async fn containing_units(&self, id: i64) -> $crate::Result<Vec<i64>> {
                // Walked step by step (a handful of indexed lookups): a recursive CTE with two
                // recursive references is not portable to PostgreSQL. Only upwards and forwards
                // in time: a new unit formed from this one contains it, never the other way
                // round (an old commune does not contain the new one it was merged into).
                let mut found = vec![id];
                let mut frontier = found.clone();
                while let Some(current) = frontier.pop() {
                    let containers = sqlx::query_scalar::<$db, i64>($crate::queries::CONTAINERS)
                        .bind(current)
                        .fetch_all(&self.pool)
                        .await?;
                    for container in containers {
                        // The bound guards against a cycle in imported data.
                        if !found.contains(&container) && found.len() < 256 {
                            found.push(container);
                            frontier.push(container);
                        }
                    }
                }
                Ok(found)
            }

            async fn successions_from(&self, id: i64) -> $crate::Result<Vec<$crate::Succession>> {
                let rows = sqlx::query_as::<$db, $crate::model::SuccessionRow>(
                    "select old_unit_id, new_unit_id, kind from unit_succession where old_unit_id = $1",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                $crate::model::convert_all(rows)
            }

            async fn successions_to(&self, id: i64) -> $crate::Result<Vec<$crate::Succession>> {
                let rows = sqlx::query_as::<$db, $crate::model::SuccessionRow>(
                    "select old_unit_id, new_unit_id, kind from unit_succession where new_unit_id = $1",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                $crate::model::convert_all(rows)
            }

            async fn upsert_institutions(&self, rows: &[$crate::NewInstitution]) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                let now = chrono::Utc::now();
                for chunk in rows.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(format!(
                        "insert into institution ({}, updated_at) ",
                        $crate::queries::INSTITUTION_COLUMNS
                    ));
                    insert.push_values(chunk, |mut row, inst| {
                        row.push_bind(inst.code.clone())
                            .push_bind(inst.kind.code())
                            .push_bind(inst.ownership.code())
                            .push_bind(inst.name.clone())
                            .push_bind(inst.address.clone())
                            .push_bind(inst.phone.clone())
                            .push_bind(inst.email.clone())
                            .push_bind(inst.province_code.clone())
                            .push_bind(inst.commune_unit_id)
                            .push_bind(inst.managing_unit_id)
                            .push_bind(now);
                    });
                    insert.push(
                        " on conflict (province_code, code) do update set kind = excluded.kind, \
                         ownership = excluded.ownership, name = excluded.name, \
                         address = excluded.address, phone = excluded.phone, email = excluded.email, \
                         commune_unit_id = excluded.commune_unit_id, \
                         managing_unit_id = excluded.managing_unit_id, updated_at = excluded.updated_at",
                    );
                    insert
                        .build()
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::StoreError::from_write(e, "mã cơ sở ở tỉnh khác"))?;
                }
                Self::refresh_containment(&mut tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn institution(&self, code: &str) -> $crate::Result<Option<$crate::Institution>> {
                let sql = format!(
                    "select {} from institution where code = $1",
                    $crate::queries::INSTITUTION_COLUMNS
                );
                let row = sqlx::query_as::<$db, $crate::model::InstitutionRow>(sqlx::AssertSqlSafe(sql))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::Institution::try_from).transpose()
            }

            async fn institutions_in(
                &self,
                unit_id: i64,
                kind: Option<domain::InstitutionKind>,
            ) -> $crate::Result<Vec<$crate::Institution>> {
                let rows = sqlx::query_as::<$db, $crate::model::InstitutionRow>(
                    $crate::queries::INSTITUTIONS_IN_SUBTREE,
                )
                .bind(unit_id)
                .bind(kind.map(|k| k.code()))
                .fetch_all(&self.pool)
                .await?;
                $crate::model::convert_all(rows)
            }

            async fn institution_codes(&self) -> $crate::Result<Vec<String>> {
                Ok(sqlx::query_scalar::<$db, String>("select code from institution")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn institution_count(&self) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>("select count(*) from institution")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn create_user(&self, user: &$crate::NewUser) -> $crate::Result<i64> {
                let (unit, institution) = match &user.scope {
                    domain::Scope::Everywhere => (None, None),
                    domain::Scope::Unit { unit_id } => (Some(*unit_id), None),
                    domain::Scope::Institution { code } => (None, Some(code.clone())),
                };
                sqlx::query_scalar::<$db, i64>(
                    "insert into app_user (username, display_name, password_hash, role, \
                     scope_unit_id, scope_institution_code) values ($1, $2, $3, $4, $5, $6) returning id",
                )
                .bind(&user.username)
                .bind(&user.display_name)
                .bind(&user.password_hash)
                .bind(user.role.code())
                .bind(unit)
                .bind(institution)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| $crate::StoreError::from_write(e, format!("tên đăng nhập {}", user.username)))
            }

            async fn move_user(
                &self,
                user_id: i64,
                from_unit_id: i64,
                to_unit_id: i64,
                role: domain::Role,
            ) -> $crate::Result<()> {
                // Conditional on the account still being where the administrator saw it: two
                // administrators moving the same account cannot both succeed.
                let moved = sqlx::query::<$db>(
                    "update app_user set scope_unit_id = $1, role = $2 \
                     where id = $3 and scope_unit_id = $4",
                )
                .bind(to_unit_id)
                .bind(role.code())
                .bind(user_id)
                .bind(from_unit_id)
                .execute(&self.pool)
                .await?
                .rows_affected();
                if moved == 1 {
                    Ok(())
                } else {
                    Err($crate::StoreError::Stale(format!("tài khoản #{user_id}")))
                }
            }

            async fn user_by_username(&self, username: &str) -> $crate::Result<Option<$crate::UserRecord>> {
                let sql = format!("select {} from app_user u where u.username = $1", $crate::queries::USER_COLUMNS);
                let row = sqlx::query_as::<$db, $crate::model::UserRow>(sqlx::AssertSqlSafe(sql))
                    .bind(username)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::UserRecord::try_from).transpose()
            }

            async fn user(&self, id: i64) -> $crate::Result<Option<$crate::UserRecord>> {
                let sql = format!("select {} from app_user u where u.id = $1", $crate::queries::USER_COLUMNS);
                let row = sqlx::query_as::<$db, $crate::model::UserRow>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::UserRecord::try_from).transpose()
            }

            async fn users(&self) -> $crate::Result<Vec<$crate::UserRecord>> {
                let sql = format!("select {} from app_user u order by u.username", $crate::queries::USER_COLUMNS);
                let rows = sqlx::query_as::<$db, $crate::model::UserRow>(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&self.pool)
                    .await?;
                $crate::model::convert_all(rows)
            }

            async fn create_session(&self, session: &$crate::NewSession) -> $crate::Result<()> {
                $crate::busy::queued(self.write_queue(), "create_session", || async {
                    sqlx::query::<$db>(
                        "insert into user_session (token_hash, user_id, csrf_token, kind, created_at, \
                         expires_at) values ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&session.token_hash)
                    .bind(session.user_id)
                    .bind(&session.csrf_token)
                    .bind(session.kind.code())
                    .bind(session.created_at)
                    .bind(session.expires_at)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                })
                .await
            }

            async fn session(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<$crate::SessionRecord>> {
                let sql = format!(
                    "select s.id as session_id, {}, s.csrf_token, s.kind, s.expires_at from user_session s \
                     join app_user u on u.id = s.user_id \
                     where s.token_hash = $1 and s.expires_at > $2 and u.active = $3",
                    $crate::queries::USER_COLUMNS
                );
                let row = sqlx::query_as::<$db, $crate::model::SessionRow>(sqlx::AssertSqlSafe(sql))
                    .bind(token_hash)
                    .bind(now)
                    .bind(true)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let kind = if row.kind == "api" { $crate::SessionKind::Api } else { $crate::SessionKind::Browser };
                Ok(Some($crate::SessionRecord {
                    id: row.session_id,
                    user: $crate::UserRecord::try_from(row.user)?,
                    csrf_token: row.csrf_token,
                    kind,
                    expires_at: row.expires_at,
                }))
            }

            async fn delete_session(&self, token_hash: &str) -> $crate::Result<()> {
                // The tokens the session created end with it (the foreign key cascades too; this
                // does not depend on it).
                $crate::busy::queued(self.write_queue(), "delete_session", || async {
                    sqlx::query::<$db>(
                        "delete from user_session where token_hash = $1 \
                         or parent_id in (select id from user_session where token_hash = $1)",
                    )
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                })
                .await
            }

            async fn delete_expired_sessions(&self, now: chrono::DateTime<chrono::Utc>) -> $crate::Result<u64> {
                let done = sqlx::query::<$db>("delete from user_session where expires_at <= $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn count_sign_in_attempt(
                &self,
                key: &str,
                now: chrono::DateTime<chrono::Utc>,
                window_start: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<i64> {
                // One statement: the count is read and moved under the same lock, so parallel
                // attempts each see a different number.
                let attempts = $crate::busy::queued(self.write_queue(), "count_sign_in_attempt", || async {
                    Ok(sqlx::query_scalar::<$db, i32>(
                        "insert into login_failure (throttle_key, failures, last_failure_at) values ($1, 1, $2) \
                         on conflict (throttle_key) do update set \
                         failures = case when login_failure.last_failure_at < $3 then 1 \
                                         else login_failure.failures + 1 end, \
                         last_failure_at = excluded.last_failure_at \
                         returning failures",
                    )
                    .bind(key)
                    .bind(now)
                    .bind(window_start)
                    .fetch_one(&self.pool)
                    .await?)
                })
                .await?;
                Ok(i64::from(attempts))
            }

            async fn clear_sign_in_attempts(&self, key: &str) -> $crate::Result<()> {
                $crate::busy::queued(self.write_queue(), "clear_sign_in_attempts", || async {
                    sqlx::query::<$db>("delete from login_failure where throttle_key = $1")
                        .bind(key)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                })
                .await
            }

            async fn audit(&self, event: &$crate::NewAuditEvent) -> $crate::Result<()> {
                $crate::busy::queued(self.write_queue(), "audit", || async {
                    sqlx::query::<$db>(
                        "insert into audit_event (created_at, user_id, username, action, subject_kind, \
                         subject_id, detail) values ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(event.at)
                    .bind(event.user_id)
                    .bind(&event.username)
                    .bind(&event.action)
                    .bind(&event.subject_kind)
                    .bind(&event.subject_id)
                    .bind(&event.detail)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                })
                .await
            }

            async fn audit_repeated(&self, event: &$crate::NewAuditEvent) -> $crate::Result<()> {
                // One statement, so parallel refusals add up on the same row without a race.
                sqlx::query::<$db>(
                    "insert into audit_event (created_at, user_id, username, action, subject_kind, \
                     subject_id, detail, occurrences, repeat_minute) \
                     values ($1, $2, $3, $4, $5, $6, $7, 1, $8) \
                     on conflict (username, action, subject_kind, subject_id, detail, repeat_minute) \
                     where repeat_minute is not null \
                     do update set occurrences = audit_event.occurrences + 1",
                )
                .bind(event.at)
                .bind(event.user_id)
                .bind(&event.username)
                .bind(&event.action)
                .bind(&event.subject_kind)
                .bind(&event.subject_id)
                .bind(&event.detail)
                .bind(event.at.format("%Y-%m-%dT%H:%M").to_string())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn audit_events(&self, limit: i64) -> $crate::Result<Vec<$crate::AuditEvent>> {
                let rows = sqlx::query_as::<$db, $crate::model::AuditRow>(
                    "select id, created_at, user_id, username, action, subject_kind, subject_id, detail, \
                     occurrences \
                     from audit_event order by id desc limit $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map($crate::AuditEvent::from).collect())
            }
        }
    };
}

pub(crate) use impl_store;
