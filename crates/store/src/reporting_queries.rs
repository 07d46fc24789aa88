//! The SQL behind `ReportStore`, shared by both backends (see `queries.rs` for why a macro).
//! The lock is kept by the statements themselves: every change is conditional on the status it
//! changes from, so two reviewers (or a reviewer and a late submitter) cannot both win.

/// The approved report, if any, that locks a school's records of a cohort: the school's own, or
/// that of a unit containing the school in the cohort's tree (not one that ended before it).
pub(crate) const LOCK_OF_SCHOOL: &str = "
    select s.id, s.period from report_submission s
    where s.cohort_year = $2 and s.status = 'approved'
      and ((s.submitter_kind = 'institution' and s.submitter_key = $1)
        or (s.submitter_kind = 'unit' and s.unit_id in (
            select c.unit_id from school_containment c join admin_unit u on u.id = c.unit_id
            where c.school_code = $1 and (u.valid_to is null or u.valid_to >= $3))))
    order by s.id limit 1";

macro_rules! impl_report_store {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn submission_where(
                &self,
                condition: &str,
                bind: impl FnOnce(
                    sqlx::query::QueryAs<'_, $db, $crate::reporting::SubmissionRow, <$db as sqlx::Database>::Arguments>,
                ) -> sqlx::query::QueryAs<'_, $db, $crate::reporting::SubmissionRow, <$db as sqlx::Database>::Arguments>,
            ) -> $crate::Result<Vec<$crate::Submission>> {
                let sql = format!(
                    "select {} from report_submission where {condition} order by id",
                    $crate::reporting::SUBMISSION_COLUMNS
                );
                let rows = bind(sqlx::query_as::<$db, $crate::reporting::SubmissionRow>(
                    sqlx::AssertSqlSafe(sql),
                ))
                .fetch_all(&self.pool)
                .await?;
                $crate::model::convert_all(rows)
            }

            async fn corrections_where(
                &self,
                condition: &str,
                ids: &[i64],
            ) -> $crate::Result<Vec<$crate::Correction>> {
                let sql = format!(
                    "select {} from report_correction where {condition} order by id desc",
                    $crate::reporting::CORRECTION_COLUMNS
                );
                let mut query =
                    sqlx::query_as::<$db, $crate::reporting::CorrectionRow>(sqlx::AssertSqlSafe(sql));
                for id in ids {
                    query = query.bind(*id);
                }
                let rows = query.fetch_all(&self.pool).await?;
                $crate::model::convert_all(rows)
            }
        }

        #[async_trait::async_trait]
        impl $crate::ReportStore for $store {
            async fn submit_report(
                &self,
                s: &$crate::NewSubmission,
            ) -> $crate::Result<$crate::Submission> {
                let mut tx = self.pool.begin().await?;
                let existing = sqlx::query_as::<$db, (i64, String)>(
                    "select id, status from report_submission \
                     where period = $1 and submitter_kind = $2 and submitter_key = $3",
                )
                .bind(&s.period)
                .bind(s.submitter.kind())
                .bind(s.submitter.key())
                .fetch_optional(&mut *tx)
                .await?;
                let id = match existing {
                    Some((_, status)) if status == "approved" => {
                        return Err($crate::StoreError::Locked(format!(
                            "báo cáo kỳ {} đã được duyệt",
                            s.period
                        )));
                    }
                    Some((id, _)) => {
                        // A new version of a returned (or still waiting) report: the first day
                        // it was sent stays, for the lateness count.
                        let changed = sqlx::query::<$db>(
                            "update report_submission set status = 'submitted', figures = $2, \
                             note = $3, submitted_at = $4, submitted_by = $5, reviewed_at = null, \
                             reviewed_by = null, review_comment = '' \
                             where id = $1 and status <> 'approved'",
                        )
                        .bind(id)
                        .bind(&s.figures)
                        .bind(&s.note)
                        .bind(s.at)
                        .bind(&s.username)
                        .execute(&mut *tx)
                        .await?;
                        if changed.rows_affected() == 0 {
                            return Err($crate::StoreError::Locked(format!(
                                "báo cáo kỳ {} đã được duyệt",
                                s.period
                            )));
                        }
                        id
                    }
                    None => sqlx::query_scalar::<$db, i64>(
                        "insert into report_submission (province_code, period, cohort_year, \
                         submitter_kind, submitter_key, unit_id, status, figures, note, \
                         first_submitted_at, submitted_at, submitted_by) \
                         values ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, $9, $10) returning id",
                    )
                    .bind(&s.province_code)
                    .bind(&s.period)
                    .bind(s.cohort_year)
                    .bind(s.submitter.kind())
                    .bind(s.submitter.key())
                    .bind(s.unit_id)
                    .bind(&s.figures)
                    .bind(&s.note)
                    .bind(s.at)
                    .bind(&s.username)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::StoreError::from_write(e, "báo cáo của kỳ này"))?,
                };
                tx.commit().await?;
                self.submission(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("báo cáo {id}")))
            }

            async fn submission(&self, id: i64) -> $crate::Result<Option<$crate::Submission>> {
                Ok(self
                    .submission_where("id = $1", |q| q.bind(id))
                    .await?
                    .pop())
            }

            async fn submission_of(
                &self,
                period: &str,
                submitter: &$crate::Submitter,
            ) -> $crate::Result<Option<$crate::Submission>> {
                let (kind, key) = (submitter.kind(), submitter.key());
                Ok(self
                    .submission_where(
                        "period = $1 and submitter_kind = $2 and submitter_key = $3",
                        move |q| q.bind(period.to_string()).bind(kind).bind(key),
                    )
                    .await?
                    .pop())
            }

            async fn submissions(&self, period: &str) -> $crate::Result<Vec<$crate::Submission>> {
                let period = period.to_string();
                self.submission_where("period = $1", move |q| q.bind(period)).await
            }

            async fn review_submission(
                &self,
                id: i64,
                review: &$crate::Review,
            ) -> $crate::Result<$crate::Submission> {
                let status = if review.approve { "approved" } else { "returned" };
                let mut tx = self.pool.begin().await?;
                if review.approve {
                    // Waits for the writes of the cohort under way; later ones see the approval.
                    Self::guard_approval(&mut tx, id).await?;
                }
                let changed = sqlx::query::<$db>(
                    "update report_submission set status = $2, reviewed_at = $3, reviewed_by = $4, \
                     review_comment = $5 where id = $1 and status = 'submitted'",
                )
                .bind(id)
                .bind(status)
                .bind(review.at)
                .bind(&review.username)
                .bind(&review.comment)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                let found = self
                    .submission(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("báo cáo {id}")))?;
                if changed.rows_affected() == 0 {
                    return Err(match found.status {
                        $crate::SubmissionStatus::Approved => $crate::StoreError::Locked(format!(
                            "báo cáo kỳ {} đã được duyệt",
                            found.period
                        )),
                        _ => $crate::StoreError::NotFound(format!("báo cáo {id} đang chờ duyệt")),
                    });
                }
                Ok(found)
            }

            async fn cohort_lock(
                &self,
                school_code: &str,
                cohort_year: i32,
            ) -> $crate::Result<Option<$crate::Submission>> {
                let lock = sqlx::query_as::<$db, (i64, String)>($crate::reporting_queries::LOCK_OF_SCHOOL)
                    .bind(school_code)
                    .bind(cohort_year)
                    .bind(domain::period::cohort_day(cohort_year))
                    .fetch_optional(&self.pool)
                    .await?;
                match lock {
                    Some((id, _)) => self.submission(id).await,
                    None => Ok(None),
                }
            }

            async fn approved_submissions(
                &self,
                cohort_year: i32,
            ) -> $crate::Result<Vec<$crate::Submission>> {
                self.submission_where("cohort_year = $1 and status = 'approved'", |q| {
                    q.bind(cohort_year)
                })
                .await
            }

            async fn ask_correction(
                &self,
                c: &$crate::NewCorrection,
            ) -> $crate::Result<$crate::Correction> {
                let id = sqlx::query_scalar::<$db, i64>(
                    "insert into report_correction (province_code, submission_id, graduate_id, field, \
                     old_value, new_value, reason, status, requested_by, requested_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) returning id",
                )
                .bind(&c.province_code)
                .bind(c.submission_id)
                .bind(c.graduate_id)
                .bind(&c.field)
                .bind(&c.old_value)
                .bind(&c.new_value)
                .bind(&c.reason)
                .bind(&c.username)
                .bind(c.at)
                .fetch_one(&self.pool)
                .await?;
                self.correction(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("đề nghị {id}")))
            }

            async fn correction(&self, id: i64) -> $crate::Result<Option<$crate::Correction>> {
                Ok(self.corrections_where("id = $1", &[id]).await?.pop())
            }

            async fn corrections_of(
                &self,
                submission_ids: &[i64],
            ) -> $crate::Result<Vec<$crate::Correction>> {
                if submission_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let placeholders: Vec<String> =
                    (1..=submission_ids.len()).map(|i| format!("${i}")).collect();
                self.corrections_where(
                    &format!("submission_id in ({})", placeholders.join(", ")),
                    submission_ids,
                )
                .await
            }

            async fn corrections_for(
                &self,
                graduate_id: i64,
            ) -> $crate::Result<Vec<$crate::Correction>> {
                self.corrections_where("graduate_id = $1", &[graduate_id]).await
            }

            async fn review_correction(
                &self,
                id: i64,
                review: &$crate::Review,
            ) -> $crate::Result<$crate::Correction> {
                let status = if review.approve { "approved" } else { "rejected" };
                let changed = sqlx::query::<$db>(
                    "update report_correction set status = $2, reviewed_at = $3, reviewed_by = $4, \
                     review_comment = $5 where id = $1 and status = 'pending'",
                )
                .bind(id)
                .bind(status)
                .bind(review.at)
                .bind(&review.username)
                .bind(&review.comment)
                .execute(&self.pool)
                .await?;
                if changed.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound(format!("đề nghị {id} đang chờ duyệt")));
                }
                self.correction(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("đề nghị {id}")))
            }

            async fn approve_correction(
                &self,
                id: i64,
                review: &$crate::Review,
                change: &$crate::GraduatePlan,
            ) -> $crate::Result<$crate::Correction> {
                let mut tx = self.pool.begin().await?;
                let decided = sqlx::query::<$db>(
                    "update report_correction set status = 'approved', reviewed_at = $2, \
                     reviewed_by = $3, review_comment = $4 where id = $1 and status = 'pending'",
                )
                .bind(id)
                .bind(review.at)
                .bind(&review.username)
                .bind(&review.comment)
                .execute(&mut *tx)
                .await?;
                if decided.rows_affected() == 0 {
                    // Dropping the transaction rolls it back: nothing of the change is written.
                    return Err($crate::StoreError::NotFound(format!("đề nghị {id} đang chờ duyệt")));
                }
                Self::write_graduate_plan(&mut tx, change, $crate::graduates::Locks::CorrectionApproved).await?;
                tx.commit().await?;
                self.correction(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("đề nghị {id}")))
            }
        }
    };
}

pub(crate) use impl_report_store;
