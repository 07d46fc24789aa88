//! The SQL behind `TokenStore`, shared by both backends (see `queries.rs` for why a macro).

macro_rules! impl_token_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::TokenStore for $store {
            async fn create_session_token(&self, t: &$crate::NewToken) -> $crate::Result<i64> {
                let id = sqlx::query_scalar::<$db, i64>(
                    "insert into user_session (token_hash, user_id, parent_id, csrf_token, kind, \
                     label, created_at, expires_at) values ($1, $2, $3, $4, 'api', $5, $6, $7) \
                     returning id",
                )
                .bind(&t.token_hash)
                .bind(t.user_id)
                .bind(t.parent_session_id)
                .bind(&t.csrf_token)
                .bind(&t.label)
                .bind(t.created_at)
                .bind(t.expires_at)
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn tokens(
                &self,
                owner: Option<i64>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Vec<$crate::TokenInfo>> {
                let sql = format!(
                    "select {} from user_session s join app_user u on u.id = s.user_id \
                     where s.kind = 'api' and s.expires_at > $1 and ($2 is null or s.user_id = $2) \
                     order by s.created_at desc, s.id desc",
                    $crate::tokens::TOKEN_COLUMNS
                );
                let rows = sqlx::query_as::<$db, $crate::tokens::TokenRow>(sqlx::AssertSqlSafe(sql))
                    .bind(now)
                    .bind(owner)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map($crate::TokenInfo::from).collect())
            }

            async fn token(
                &self,
                id: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Result<Option<$crate::TokenInfo>> {
                let sql = format!(
                    "select {} from user_session s join app_user u on u.id = s.user_id \
                     where s.kind = 'api' and s.id = $1 and s.expires_at > $2",
                    $crate::tokens::TOKEN_COLUMNS
                );
                let row = sqlx::query_as::<$db, $crate::tokens::TokenRow>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map($crate::TokenInfo::from))
            }

            async fn revoke_token(&self, id: i64, owner: Option<i64>) -> $crate::Result<bool> {
                let done = sqlx::query::<$db>(
                    "delete from user_session where id = $1 and kind = 'api' \
                     and ($2 is null or user_id = $2)",
                )
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }
        }
    };
}

pub(crate) use impl_token_store;
