//! The SQL behind `FigureStore`, shared by both backends (see `queries.rs` for why a macro).

macro_rules! impl_figure_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::FigureStore for $store {
            async fn school_flags(&self) -> $crate::Result<Vec<$crate::SchoolFlags>> {
                let rows = sqlx::query_as::<$db, (String, bool, bool)>(
                    "select code, has_guidance_programme, has_counsellor from institution",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(code, has_guidance_programme, has_counsellor)| $crate::SchoolFlags {
                        code,
                        has_guidance_programme,
                        has_counsellor,
                    })
                    .collect())
            }

            async fn set_school_flags(&self, flags: &[$crate::SchoolFlags]) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                for f in flags {
                    sqlx::query::<$db>(
                        "update institution set has_guidance_programme = $2, has_counsellor = $3 where code = $1",
                    )
                    .bind(&f.code)
                    .bind(f.has_guidance_programme)
                    .bind(f.has_counsellor)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::bump_figures_version(&mut tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn all_successions(&self) -> $crate::Result<Vec<$crate::Succession>> {
                let rows = sqlx::query_as::<$db, $crate::model::SuccessionRow>(
                    "select old_unit_id, new_unit_id, kind from unit_succession",
                )
                .fetch_all(&self.pool)
                .await?;
                $crate::model::convert_all(rows)
            }

            async fn all_institutions(&self) -> $crate::Result<Vec<$crate::Institution>> {
                let sql = format!("select {} from institution", $crate::queries::INSTITUTION_COLUMNS);
                let rows = sqlx::query_as::<$db, $crate::model::InstitutionRow>(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&self.pool)
                    .await?;
                $crate::model::convert_all(rows)
            }

            async fn upsert_targets(
                &self,
                targets: &[$crate::Target],
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                for chunk in targets.chunks($crate::queries::BATCH_ROWS) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "insert into target (indicator_code, unit_id, year, level, value, position, created_at) ",
                    );
                    insert.push_values(chunk, |mut row, t| {
                        row.push_bind(t.indicator_code.clone())
                            .push_bind(t.unit_id)
                            .push_bind(t.year)
                            .push_bind(t.level.map(|l| l.code()).unwrap_or("all"))
                            .push_bind(t.value)
                            .push_bind(t.position)
                            .push_bind(at);
                    });
                    insert.push(
                        " on conflict (indicator_code, unit_id, year, level) do update set value = excluded.value, \
                         position = excluded.position, created_at = excluded.created_at",
                    );
                    insert.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn targets(&self, year: i32) -> $crate::Result<Vec<$crate::Target>> {
                let rows = sqlx::query_as::<$db, (String, i64, i32, String, f64, i32)>(
                    "select indicator_code, unit_id, year, level, value, position from target where year = $1",
                )
                .bind(year)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(indicator_code, unit_id, year, level, value, position)| $crate::Target {
                        indicator_code,
                        unit_id,
                        year,
                        level: domain::Level::parse(&level),
                        value,
                        position,
                    })
                    .collect())
            }
        }
    };
}

pub(crate) use impl_figure_store;
