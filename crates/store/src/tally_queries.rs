//! The SQL behind `TallyStore` and the tallies' part of every write, shared by both backends (see
//! `queries.rs` for why a macro). Each backend adds two hooks of its own: `guard_cohort` (the
//! lock that orders an approval and the writes of its cohort) and `begin_snapshot` (one
//! consistent view of the database for a check).

/// Rows of tallies written per statement (7 parameters a row).
pub(crate) const TALLY_BATCH: usize = 1_000;

macro_rules! impl_tally_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Refuses a write into a cohort whose figures an approved report holds, asked inside
            /// the write's transaction after taking the cohort's guard: an approval either
            /// committed before (the write is refused) or waits until the write has committed.
            pub(crate) async fn check_cohort_locks(
                tx: &mut sqlx::Transaction<'static, $db>,
                plan: &$crate::GraduatePlan,
                locks: $crate::graduates::Locks,
            ) -> $crate::Result<()> {
                let mut cohorts = std::collections::BTreeSet::new();
                for g in plan
                    .inserts
                    .iter()
                    .chain(plan.updates.iter().flat_map(|u| [&u.data, &u.previous]))
                {
                    cohorts.insert((g.year, g.school_code.clone()));
                }
                let years: std::collections::BTreeSet<i32> = cohorts.iter().map(|(y, _)| *y).collect();
                for year in years {
                    Self::guard_cohort(tx, year).await?;
                }
                if locks == $crate::graduates::Locks::CorrectionApproved {
                    return Ok(());
                }
                for (year, school) in cohorts {
                    let lock = sqlx::query_as::<$db, (i64, String)>($crate::reporting_queries::LOCK_OF_SCHOOL)
                        .bind(&school)
                        .bind(year)
                        .bind(domain::period::cohort_day(year))
                        .fetch_optional(&mut **tx)
                        .await?;
                    if let Some((_, period)) = lock {
                        return Err($crate::StoreError::Locked(format!("báo cáo kỳ {period} đã được duyệt")));
                    }
                }
                Ok(())
            }

            /// Moves the figures' version, last in a transaction that changed them (the row is held
            /// from here to the commit only): readers that keep figures know theirs are stale.
            pub(crate) async fn bump_figures_version(
                tx: &mut sqlx::Transaction<'static, $db>,
            ) -> $crate::Result<()> {
                sqlx::query::<$db>("update figures_state set version = version + 1 where id = 1")
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Moves the tallies of the schools, and of every unit containing them, by a write's
            /// deltas, inside the write's transaction.
            pub(crate) async fn write_tally_deltas(
                tx: &mut sqlx::Transaction<'static, $db>,
                deltas: &$crate::tallies::SchoolDeltas,
            ) -> $crate::Result<()> {
                if deltas.is_empty() {
                    return Ok(());
                }
                let mut units: std::collections::BTreeMap<(i64, $crate::tallies::Cell), i64> =
                    std::collections::BTreeMap::new();
                let mut school: Option<&String> = None;
                let mut containing: Vec<i64> = Vec::new();
                for ((code, cell), by) in deltas {
                    if school != Some(code) {
                        containing = sqlx::query_scalar::<$db, i64>(
                            "select unit_id from school_containment where school_code = $1",
                        )
                        .bind(code)
                        .fetch_all(&mut **tx)
                        .await?;
                        school = Some(code);
                    }
                    for unit in &containing {
                        *units.entry((*unit, cell.clone())).or_default() += by;
                    }
                }
                let schools: Vec<(String, $crate::tallies::Cell, i64)> =
                    deltas.iter().map(|((s, c), by)| (s.clone(), c.clone(), *by)).collect();
                Self::move_tallies(tx, "school_tally", "school_code", &schools).await?;
                let units: Vec<(i64, $crate::tallies::Cell, i64)> =
                    units.into_iter().filter(|(_, by)| *by != 0).map(|((u, c), by)| (u, c, by)).collect();
                Self::add_unit_tallies(tx, &units).await?;
                Self::bump_figures_version(tx).await
            }

            async fn add_unit_tallies(
                tx: &mut sqlx::Transaction<'static, $db>,
                units: &[(i64, $crate::tallies::Cell, i64)],
            ) -> $crate::Result<()> {
                Self::move_tallies(tx, "unit_tally", "unit_id", units).await
            }

            /// Adds each row's count (negative to remove) to a tally table: the missing rows are
            /// made at zero first, then every count moves in one statement per batch, so a count
            /// that would go below zero fails the whole write (a CHECK is tested on the row an
            /// upsert proposes, before it meets the existing one, so an upsert cannot subtract).
            async fn move_tallies<K>(
                tx: &mut sqlx::Transaction<'static, $db>,
                table: &str,
                key: &str,
                rows: &[(K, $crate::tallies::Cell, i64)],
            ) -> $crate::Result<()>
            where
                K: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db> + Clone + Send + 'static,
            {
                for chunk in rows.chunks($crate::tally_queries::TALLY_BATCH) {
                    let mut create = sqlx::QueryBuilder::<$db>::new(format!(
                        "insert into {table} ({key}, year, level, destination, gender, minority, count) "
                    ));
                    create.push_values(chunk, |mut row, (k, cell, _)| {
                        row.push_bind(k.clone())
                            .push_bind(cell.year)
                            .push_bind(cell.level.clone())
                            .push_bind(cell.destination.clone())
                            .push_bind(cell.gender.clone())
                            .push_bind(cell.minority)
                            .push(" 0");
                    });
                    create.push(format!(
                        " on conflict ({key}, year, level, destination, gender, minority) do nothing"
                    ));
                    create.build().execute(&mut **tx).await?;
                    let mut change = sqlx::QueryBuilder::<$db>::new(format!(
                        "update {table} set count = {table}.count + v.column7 from ("
                    ));
                    change.push_values(chunk, |mut row, (k, cell, by)| {
                        row.push_bind(k.clone())
                            .push_bind(cell.year)
                            .push_bind(cell.level.clone())
                            .push_bind(cell.destination.clone())
                            .push_bind(cell.gender.clone())
                            .push_bind(cell.minority)
                            .push_bind(*by);
                    });
                    change.push(format!(
                        ") as v where {table}.{key} = v.column1 and {table}.year = v.column2 \
                         and {table}.level = v.column3 and {table}.destination = v.column4 \
                         and {table}.gender = v.column5 and {table}.minority = v.column6"
                    ));
                    change.build().execute(&mut **tx).await.map_err($crate::tallies::below_zero)?;
                }
                Ok(())
            }

            /// Which units contain each school, from the tree as the transaction sees it.
            async fn containment_in(
                tx: &mut sqlx::Transaction<'static, $db>,
            ) -> $crate::Result<std::collections::BTreeMap<String, Vec<i64>>> {
                let sql = format!("select {} from admin_unit", $crate::queries::UNIT_COLUMNS);
                let units: Vec<$crate::Unit> = $crate::model::convert_all(
                    sqlx::query_as::<$db, $crate::model::UnitRow>(sqlx::AssertSqlSafe(sql))
                        .fetch_all(&mut **tx)
                        .await?,
                )?;
                let successions: Vec<$crate::Succession> = $crate::model::convert_all(
                    sqlx::query_as::<$db, $crate::model::SuccessionRow>(
                        "select old_unit_id, new_unit_id, kind from unit_succession",
                    )
                    .fetch_all(&mut **tx)
                    .await?,
                )?;
                let places = sqlx::query_as::<$db, (String, i64)>(
                    "select code, commune_unit_id from institution",
                )
                .fetch_all(&mut **tx)
                .await?;
                let tree = $crate::containment::Tree::new(&units, &successions);
                Ok(places
                    .into_iter()
                    .map(|(code, place)| (code, tree.containing(place)))
                    .collect())
            }

            async fn kept_containment(
                tx: &mut sqlx::Transaction<'static, $db>,
            ) -> $crate::Result<std::collections::BTreeMap<String, Vec<i64>>> {
                let rows = sqlx::query_as::<$db, (String, i64)>(
                    "select school_code, unit_id from school_containment order by school_code, unit_id",
                )
                .fetch_all(&mut **tx)
                .await?;
                let mut kept: std::collections::BTreeMap<String, Vec<i64>> = std::collections::BTreeMap::new();
                for (school, unit) in rows {
                    kept.entry(school).or_default().push(unit);
                }
                Ok(kept)
            }

            /// Brings `school_containment` in line with the tree after a change of units or
            /// schools, inside that change's transaction, moving the counts of every school whose
            /// containing units changed: a school added or moved counts everywhere at once.
            pub(crate) async fn refresh_containment(
                tx: &mut sqlx::Transaction<'static, $db>,
            ) -> $crate::Result<()> {
                let wanted = Self::containment_in(tx).await?;
                let kept = Self::kept_containment(tx).await?;
                let mut units: std::collections::BTreeMap<(i64, $crate::tallies::Cell), i64> =
                    std::collections::BTreeMap::new();
                let empty = Vec::new();
                for (school, now) in &wanted {
                    let before = kept.get(school).unwrap_or(&empty);
                    if before == now {
                        continue;
                    }
                    let cells = sqlx::query_as::<$db, (i32, String, String, String, bool, i64)>(
                        "select year, level, destination, gender, minority, count from school_tally \
                         where school_code = $1 and count <> 0",
                    )
                    .bind(school)
                    .fetch_all(&mut **tx)
                    .await?;
                    for (year, level, destination, gender, minority, count) in cells {
                        let cell = $crate::tallies::Cell { year, level, destination, gender, minority };
                        for unit in before.iter().filter(|u| !now.contains(u)) {
                            *units.entry((*unit, cell.clone())).or_default() -= count;
                        }
                        for unit in now.iter().filter(|u| !before.contains(u)) {
                            *units.entry((*unit, cell.clone())).or_default() += count;
                        }
                    }
                    sqlx::query::<$db>("delete from school_containment where school_code = $1")
                        .bind(school)
                        .execute(&mut **tx)
                        .await?;
                    Self::insert_containment(tx, school, now).await?;
                }
                let units: Vec<(i64, $crate::tallies::Cell, i64)> =
                    units.into_iter().filter(|(_, by)| *by != 0).map(|((u, c), by)| (u, c, by)).collect();
                Self::add_unit_tallies(tx, &units).await?;
                // The schools themselves (kind, flags) may have changed too.
                Self::bump_figures_version(tx).await
            }

            async fn insert_containment(
                tx: &mut sqlx::Transaction<'static, $db>,
                school: &str,
                units: &[i64],
            ) -> $crate::Result<()> {
                for chunk in units.chunks($crate::tally_queries::TALLY_BATCH) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "insert into school_containment (school_code, unit_id) ",
                    );
                    insert.push_values(chunk, |mut row, unit| {
                        row.push_bind(school.to_string()).push_bind(*unit);
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// Containment and tallies as the tree and the records give them now.
            async fn recount(
                tx: &mut sqlx::Transaction<'static, $db>,
                progress: &(dyn Fn($crate::FiguresStep) + Send + Sync),
            ) -> $crate::Result<$crate::tallies::Recount> {
                progress($crate::FiguresStep::Tree);
                let containment = Self::containment_in(tx).await?;
                progress($crate::FiguresStep::Records);
                let grouped: Vec<$crate::TallyRow> = $crate::model::convert_all(
                    sqlx::query_as::<$db, $crate::figures::TallyDbRow>(
                        "select school_code, year, level, destination, gender, ethnicity, count(*) as count \
                         from graduate group by school_code, year, level, destination, gender, ethnicity",
                    )
                    .fetch_all(&mut **tx)
                    .await?,
                )?;
                Ok($crate::tallies::Recount::new(containment, grouped))
            }

            async fn kept_tallies(
                tx: &mut sqlx::Transaction<'static, $db>,
                table: &str,
                key: &str,
            ) -> $crate::Result<Vec<(String, $crate::tallies::Cell, i64)>> {
                let sql = format!(
                    "select cast({key} as text), year, level, destination, gender, minority, count from {table}"
                );
                let rows = sqlx::query_as::<$db, (String, i32, String, String, String, bool, i64)>(
                    sqlx::AssertSqlSafe(sql),
                )
                .fetch_all(&mut **tx)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(key, year, level, destination, gender, minority, count)| {
                        (key, $crate::tallies::Cell { year, level, destination, gender, minority }, count)
                    })
                    .collect())
            }

            /// Counts the tallies from the records when this database has never had them (a
            /// database of an earlier version, just migrated).
            pub(crate) async fn ensure_figures_built(&self) -> $crate::Result<()> {
                let built = sqlx::query_scalar::<$db, bool>("select built from figures_state where id = 1")
                    .fetch_one(&self.pool)
                    .await?;
                if !built {
                    $crate::TallyStore::rebuild_figures(self, &|_| {}).await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::TallyStore for $store {
            async fn school_tally(
                &self,
                school_code: &str,
                year: i32,
                level: domain::Level,
            ) -> $crate::Result<Vec<$crate::TallyCell>> {
                let rows = sqlx::query_as::<$db, (String, String, bool, i64)>(
                    "select destination, gender, minority, count from school_tally \
                     where school_code = $1 and year = $2 and level = $3 and count > 0",
                )
                .bind(school_code)
                .bind(year)
                .bind(level.code())
                .fetch_all(&self.pool)
                .await?;
                $crate::tallies::cells(rows)
            }

            async fn units_tally(
                &self,
                unit_ids: &[i64],
                year: i32,
            ) -> $crate::Result<Vec<(i64, domain::Level, $crate::TallyCell)>> {
                let mut found = Vec::new();
                for chunk in unit_ids.chunks($crate::queries::BATCH_ROWS) {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "select unit_id, level, destination, gender, minority, count from unit_tally \
                         where count > 0 and year = ",
                    );
                    query.push_bind(year).push(" and unit_id in (");
                    let mut list = query.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    list.push_unseparated(")");
                    let rows = query
                        .build_query_as::<(i64, String, String, String, bool, i64)>()
                        .fetch_all(&self.pool)
                        .await?;
                    for (unit, level, destination, gender, minority, count) in rows {
                        let level = domain::Level::parse(&level)
                            .ok_or_else(|| $crate::StoreError::Corrupt(format!("cấp học {level}")))?;
                        let cell = $crate::tallies::cells(vec![(destination, gender, minority, count)])?;
                        found.extend(cell.into_iter().map(|c| (unit, level, c)));
                    }
                }
                Ok(found)
            }

            async fn schools_contained_in(
                &self,
                unit_ids: &[i64],
            ) -> $crate::Result<Vec<(i64, $crate::ContainedSchool)>> {
                let mut found = Vec::new();
                for chunk in unit_ids.chunks($crate::queries::BATCH_ROWS) {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "select c.unit_id, i.code, i.kind, i.has_guidance_programme, i.has_counsellor \
                         from school_containment c join institution i on i.code = c.school_code \
                         where c.unit_id in (",
                    );
                    let mut list = query.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    list.push_unseparated(")");
                    let rows = query
                        .build_query_as::<(i64, String, String, bool, bool)>()
                        .fetch_all(&self.pool)
                        .await?;
                    for (unit, code, kind, has_guidance_programme, has_counsellor) in rows {
                        found.push((
                            unit,
                            $crate::ContainedSchool {
                                kind: domain::InstitutionKind::parse(&kind).ok_or_else(|| {
                                    $crate::StoreError::Corrupt(format!("loại cơ sở {kind}"))
                                })?,
                                code,
                                has_guidance_programme,
                                has_counsellor,
                            },
                        ));
                    }
                }
                Ok(found)
            }

            async fn figures_version(&self) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>("select version from figures_state where id = 1")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn tally_years(&self) -> $crate::Result<Vec<i32>> {
                Ok(sqlx::query_scalar::<$db, i32>(
                    "select distinct year from school_tally where count > 0 order by year desc",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn rebuild_figures(
                &self,
                progress: &(dyn Fn($crate::FiguresStep) + Send + Sync),
            ) -> $crate::Result<$crate::FiguresSummary> {
                let mut tx = self.pool.begin().await?;
                let recount = Self::recount(&mut tx, progress).await?;
                for table in ["unit_tally", "school_tally", "school_containment"] {
                    sqlx::query::<$db>(sqlx::AssertSqlSafe(format!("delete from {table}")))
                        .execute(&mut *tx)
                        .await?;
                }
                let mut written = 0u64;
                let mut summary = $crate::FiguresSummary {
                    schools: recount.containment.len() as u64,
                    graduates: recount.graduates,
                    ..Default::default()
                };
                for (school, units) in &recount.containment {
                    Self::insert_containment(&mut tx, school, units).await?;
                    summary.containment_rows += units.len() as u64;
                    written += units.len() as u64;
                    progress($crate::FiguresStep::Rows(written));
                }
                let schools: $crate::tallies::SchoolDeltas = recount
                    .schools
                    .into_iter()
                    .filter(|(_, count)| *count != 0)
                    .collect();
                summary.school_rows = schools.len() as u64;
                let rows: Vec<(String, $crate::tallies::Cell, i64)> =
                    schools.into_iter().map(|((s, c), n)| (s, c, n)).collect();
                for chunk in rows.chunks($crate::tally_queries::TALLY_BATCH) {
                    Self::move_tallies(&mut tx, "school_tally", "school_code", chunk).await?;
                    written += chunk.len() as u64;
                    progress($crate::FiguresStep::Rows(written));
                }
                let units: Vec<(i64, $crate::tallies::Cell, i64)> = recount
                    .units
                    .into_iter()
                    .filter(|(_, count)| *count != 0)
                    .map(|((u, c), n)| (u, c, n))
                    .collect();
                summary.unit_rows = units.len() as u64;
                for chunk in units.chunks($crate::tally_queries::TALLY_BATCH) {
                    Self::add_unit_tallies(&mut tx, chunk).await?;
                    written += chunk.len() as u64;
                    progress($crate::FiguresStep::Rows(written));
                }
                sqlx::query::<$db>("update figures_state set built = true, version = version + 1 where id = 1")
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(summary)
            }

            async fn check_figures(
                &self,
                progress: &(dyn Fn($crate::FiguresStep) + Send + Sync),
            ) -> $crate::Result<Vec<$crate::FigureDifference>> {
                let mut tx = self.begin_snapshot().await?;
                let recount = Self::recount(&mut tx, progress).await?;
                let kept_containment = Self::kept_containment(&mut tx).await?;
                let mut differences = Vec::new();
                let as_pairs = |m: &std::collections::BTreeMap<String, Vec<i64>>| {
                    m.iter()
                        .flat_map(|(s, units)| units.iter().map(move |u| ((s.clone(), *u), 1i64)))
                        .collect::<std::collections::BTreeMap<(String, i64), i64>>()
                };
                $crate::tallies::count_differences(
                    &as_pairs(&kept_containment),
                    &as_pairs(&recount.containment),
                    |(school_code, unit_id), kept, _| {
                        differences.push($crate::FigureDifference::Containment { school_code, unit_id, kept: kept == 1 })
                    },
                );
                let mut read = 0u64;
                let schools: std::collections::BTreeMap<(String, $crate::tallies::Cell), i64> =
                    Self::kept_tallies(&mut tx, "school_tally", "school_code")
                        .await?
                        .into_iter()
                        .map(|(s, c, n)| ((s, c), n))
                        .collect();
                read += schools.len() as u64;
                progress($crate::FiguresStep::Rows(read));
                $crate::tallies::count_differences(&schools, &recount.schools, |(school_code, cell), kept, counted| {
                    differences.push($crate::FigureDifference::School { school_code, cell, kept, counted })
                });
                let mut units: std::collections::BTreeMap<(i64, $crate::tallies::Cell), i64> =
                    std::collections::BTreeMap::new();
                for (unit, cell, count) in Self::kept_tallies(&mut tx, "unit_tally", "unit_id").await? {
                    let unit = unit.parse::<i64>().map_err(|_| $crate::StoreError::Corrupt(format!("đơn vị {unit}")))?;
                    units.insert((unit, cell), count);
                }
                read += units.len() as u64;
                progress($crate::FiguresStep::Rows(read));
                $crate::tallies::count_differences(&units, &recount.units, |(unit_id, cell), kept, counted| {
                    differences.push($crate::FigureDifference::Unit { unit_id, cell, kept, counted })
                });
                tx.rollback().await?;
                Ok(differences)
            }
        }
    };
}

pub(crate) use impl_tally_store;
