//! The SQL of the graduate records, shared by both backends (see `queries.rs` for why a macro).

macro_rules! impl_graduate_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Writes a planned import or edit (inserts, updates and their history) inside the
            /// caller's transaction, so that a decision recorded with it commits or fails with it:
            /// the approval lock of each cohort is asked first, every update applies only to the
            /// record as the plan saw it, and the tallies move in the same transaction.
            pub(crate) async fn write_graduate_plan(
                tx: &mut sqlx::Transaction<'static, $db>,
                plan: &$crate::GraduatePlan,
                locks: $crate::graduates::Locks,
            ) -> $crate::Result<()> {
                Self::check_cohort_locks(tx, plan, locks).await?;
                for chunk in plan.inserts.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "insert into graduate (province_code, year, level, school_code, moet_id, \
                         family_middle, given, name_folded, birth_date, gender, ethnicity, \
                         residence_commune_id, class_name, academic, conduct, exam_sat, exam_passed, \
                         wishes, destination, destination_institution, destination_date, \
                         destination_source, created_at, updated_at) ",
                    );
                    insert.push_values(chunk, |mut row, g| {
                        row.push_bind(g.province_code.clone())
                            .push_bind(g.year)
                            .push_bind(g.level.code())
                            .push_bind(g.school_code.clone())
                            .push_bind(g.moet_id.clone())
                            .push_bind(g.name.family_middle.clone())
                            .push_bind(g.name.given.clone())
                            .push_bind(domain::text::fold(&g.name.full()))
                            .push_bind(g.birth_date)
                            .push_bind(g.gender.code())
                            .push_bind(g.ethnicity.clone())
                            .push_bind(g.residence_commune_id)
                            .push_bind(g.class_name.clone())
                            .push_bind(g.academic.clone())
                            .push_bind(g.conduct.clone())
                            .push_bind(g.exam_sat)
                            .push_bind(g.exam_passed)
                            .push_bind(g.wishes.clone())
                            .push_bind(g.destination.code())
                            .push_bind(g.destination_institution.clone())
                            .push_bind(g.destination_date)
                            .push_bind(g.destination_source.clone())
                            .push_bind(plan.at)
                            .push_bind(plan.at);
                    });
                    insert
                        .build()
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::StoreError::from_write(e, "mã học sinh trong cùng năm và cấp học"))?;
                }
                for update in &plan.updates {
                    let g = &update.data;
                    let changed = sqlx::query::<$db>(
                        "update graduate set moet_id = $2, family_middle = $3, given = $4, name_folded = $5, \
                         birth_date = $6, gender = $7, ethnicity = $8, residence_commune_id = $9, \
                         class_name = $10, academic = $11, conduct = $12, exam_sat = $13, exam_passed = $14, \
                         wishes = $15, destination = $16, destination_institution = $17, \
                         destination_date = $18, destination_source = $19, updated_at = $20 \
                         where id = $1 and school_code = $21 and year = $22 and level = $23 \
                         and moet_id is not distinct from $24 and family_middle = $25 and given = $26 \
                         and birth_date = $27 and gender = $28 and ethnicity = $29 \
                         and residence_commune_id is not distinct from $30 and class_name = $31 \
                         and academic is not distinct from $32 and conduct is not distinct from $33 \
                         and exam_sat is not distinct from $34 and exam_passed is not distinct from $35 \
                         and wishes = $36 and destination = $37 \
                         and destination_institution is not distinct from $38 \
                         and destination_date is not distinct from $39 and destination_source = $40",
                    )
                    .bind(update.id)
                    .bind(g.moet_id.clone())
                    .bind(g.name.family_middle.clone())
                    .bind(g.name.given.clone())
                    .bind(domain::text::fold(&g.name.full()))
                    .bind(g.birth_date)
                    .bind(g.gender.code())
                    .bind(g.ethnicity.clone())
                    .bind(g.residence_commune_id)
                    .bind(g.class_name.clone())
                    .bind(g.academic.clone())
                    .bind(g.conduct.clone())
                    .bind(g.exam_sat)
                    .bind(g.exam_passed)
                    .bind(g.wishes.clone())
                    .bind(g.destination.code())
                    .bind(g.destination_institution.clone())
                    .bind(g.destination_date)
                    .bind(g.destination_source.clone())
                    .bind(plan.at);
                    let p = &update.previous;
                    let changed = changed
                        .bind(p.school_code.clone())
                        .bind(p.year)
                        .bind(p.level.code())
                        .bind(p.moet_id.clone())
                        .bind(p.name.family_middle.clone())
                        .bind(p.name.given.clone())
                        .bind(p.birth_date)
                        .bind(p.gender.code())
                        .bind(p.ethnicity.clone())
                        .bind(p.residence_commune_id)
                        .bind(p.class_name.clone())
                        .bind(p.academic.clone())
                        .bind(p.conduct.clone())
                        .bind(p.exam_sat)
                        .bind(p.exam_passed)
                        .bind(p.wishes.clone())
                        .bind(p.destination.code())
                        .bind(p.destination_institution.clone())
                        .bind(p.destination_date)
                        .bind(p.destination_source.clone())
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::StoreError::from_write(e, "mã học sinh trong cùng năm và cấp học"))?;
                    if changed.rows_affected() == 0 {
                        // Someone changed (or removed) the record since the plan read it: the
                        // plan's "before" is no longer true, so nothing of it is written.
                        return Err($crate::StoreError::Stale(format!("hồ sơ #{}", update.id)));
                    }
                }
                let changes: Vec<(&$crate::GraduateUpdate, &$crate::FieldChange)> =
                    plan.updates.iter().flat_map(|u| u.changes.iter().map(move |c| (u, c))).collect();
                for chunk in changes.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "insert into graduate_change (province_code, graduate_id, field, old_value, \
                         new_value, source, username, created_at) ",
                    );
                    insert.push_values(chunk, |mut row, (update, change)| {
                        row.push_bind(update.data.province_code.clone())
                            .push_bind(update.id)
                            .push_bind(change.field.clone())
                            .push_bind(change.old_value.clone())
                            .push_bind(change.new_value.clone())
                            .push_bind(plan.source.clone())
                            .push_bind(plan.username.clone())
                            .push_bind(plan.at);
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                Self::write_tally_deltas(tx, &$crate::tallies::deltas_of(plan)).await
            }
        }

        #[async_trait::async_trait]
        impl $crate::GraduateStore for $store {
            async fn graduates_of(
                &self,
                school_code: &str,
                year: i32,
                level: domain::Level,
            ) -> $crate::Result<Vec<$crate::Graduate>> {
                let sql = format!(
                    "select {} from graduate where school_code = $1 and year = $2 and level = $3",
                    $crate::graduates::GRADUATE_COLUMNS
                );
                let rows = sqlx::query_as::<$db, $crate::graduates::GraduateRow>(sqlx::AssertSqlSafe(sql))
                    .bind(school_code)
                    .bind(year)
                    .bind(level.code())
                    .fetch_all(&self.pool)
                    .await?;
                $crate::model::convert_all(rows)
            }

            async fn graduates_elsewhere(
                &self,
                school_code: &str,
                year: i32,
                level: domain::Level,
                moet_ids: &[String],
                names_folded: &[String],
            ) -> $crate::Result<Vec<$crate::GraduateKey>> {
                let mut found = Vec::new();
                for (column, values) in [("moet_id", moet_ids), ("name_folded", names_folded)] {
                    for chunk in values.chunks($crate::queries::BATCH_ROWS) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "select id, school_code, moet_id, name_folded, birth_date from graduate where year = ",
                        );
                        query.push_bind(year).push(" and level = ").push_bind(level.code());
                        query.push(" and school_code <> ").push_bind(school_code.to_string());
                        query.push(format!(" and {column} in ("));
                        let mut list = query.separated(", ");
                        for value in chunk {
                            list.push_bind(value.clone());
                        }
                        list.push_unseparated(")");
                        let rows = query
                            .build_query_as::<$crate::graduates::GraduateKeyRow>()
                            .fetch_all(&self.pool)
                            .await?;
                        found.extend(rows.into_iter().map(|r| $crate::GraduateKey {
                            id: r.id,
                            school_code: r.school_code,
                            moet_id: r.moet_id,
                            name_folded: r.name_folded,
                            birth_date: r.birth_date,
                        }));
                    }
                }
                found.sort_by_key(|k| k.id);
                found.dedup_by_key(|k| k.id);
                Ok(found)
            }

            async fn apply_graduates(&self, plan: &$crate::GraduatePlan) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                Self::write_graduate_plan(&mut tx, plan, $crate::graduates::Locks::Obey).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn graduate(&self, id: i64) -> $crate::Result<Option<$crate::Graduate>> {
                let sql = format!("select {} from graduate where id = $1", $crate::graduates::GRADUATE_COLUMNS);
                let row = sqlx::query_as::<$db, $crate::graduates::GraduateRow>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map($crate::Graduate::try_from).transpose()
            }

            async fn graduate_count(&self) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>("select count(*) from graduate")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn add_follow_up(&self, f: &$crate::NewFollowUp) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>(
                    "insert into graduate_follow_up (province_code, graduate_id, on_date, status, note, \
                     username, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id",
                )
                .bind(&f.province_code)
                .bind(f.graduate_id)
                .bind(f.on_date)
                .bind(f.status.code())
                .bind(&f.note)
                .bind(&f.username)
                .bind(f.created_at)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn follow_ups(&self, graduate_id: i64) -> $crate::Result<Vec<$crate::FollowUp>> {
                let rows = sqlx::query_as::<$db, $crate::graduates::FollowUpRow>(
                    "select id, graduate_id, on_date, status, note, username, created_at \
                     from graduate_follow_up where graduate_id = $1 order by on_date, id",
                )
                .bind(graduate_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|r| {
                        let status = domain::Destination::parse(&r.status)
                            .ok_or_else(|| $crate::StoreError::Corrupt(format!("tình trạng {}", r.status)))?;
                        Ok($crate::FollowUp {
                            id: r.id,
                            graduate_id: r.graduate_id,
                            on_date: r.on_date,
                            status,
                            note: r.note,
                            username: r.username,
                            created_at: r.created_at,
                        })
                    })
                    .collect()
            }

            async fn graduate_changes(&self, graduate_id: i64) -> $crate::Result<Vec<$crate::Change>> {
                let rows = sqlx::query_as::<$db, $crate::graduates::ChangeRow>(
                    "select field, old_value, new_value, source, username, created_at \
                     from graduate_change where graduate_id = $1 order by id",
                )
                .bind(graduate_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| $crate::Change {
                        field: r.field,
                        old_value: r.old_value,
                        new_value: r.new_value,
                        source: r.source,
                        username: r.username,
                        at: r.created_at,
                    })
                    .collect())
            }
        }
    };
}

pub(crate) use impl_graduate_store;
