//! Rows into PostgreSQL with `COPY … FROM STDIN` (its text format), and the ids the
//! copied rows were given.

use anyhow::{Context, bail};
use sqlx::postgres::PgConnection;
use sqlx::{Postgres, Transaction};

pub(super) async fn max_id(tx: &mut Transaction<'_, Postgres>, table: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar(&format!("SELECT coalesce(max(id), 0) FROM {table}"))
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The ids a COPY gave its rows, in the rows' order (identity values are handed out in
/// order within one statement of one session).
pub(super) async fn ids_after(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
    before: i64,
    rows: u64,
) -> anyhow::Result<Vec<i64>> {
    let ids: Vec<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id > $1 ORDER BY id"))
            .bind(before)
            .fetch_all(&mut **tx)
            .await?;
    if ids.len() as u64 != rows {
        bail!(
            "{table}: copied {rows} rows but found {} new ids",
            ids.len()
        );
    }
    Ok(ids)
}

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format, sent a megabyte at a time.
pub(super) struct CopyRows<'c> {
    copy: sqlx::postgres::PgCopyIn<&'c mut PgConnection>,
    buffer: Vec<u8>,
    first_field: bool,
}

impl<'c> CopyRows<'c> {
    pub(super) async fn start(
        tx: &'c mut Transaction<'_, Postgres>,
        table_and_columns: &str,
    ) -> anyhow::Result<Self> {
        let copy = tx
            .copy_in_raw(&format!("COPY {table_and_columns} FROM STDIN"))
            .await
            .with_context(|| format!("COPY {table_and_columns}"))?;
        Ok(Self {
            copy,
            buffer: Vec::with_capacity(1 << 20),
            first_field: true,
        })
    }

    fn separate(&mut self) {
        if !self.first_field {
            self.buffer.push(b'\t');
        }
        self.first_field = false;
    }

    pub(super) fn text(&mut self, value: &str) -> &mut Self {
        self.separate();
        for byte in value.bytes() {
            match byte {
                b'\\' => self.buffer.extend_from_slice(b"\\\\"),
                b'\t' => self.buffer.extend_from_slice(b"\\t"),
                b'\n' => self.buffer.extend_from_slice(b"\\n"),
                b'\r' => self.buffer.extend_from_slice(b"\\r"),
                _ => self.buffer.push(byte),
            }
        }
        self
    }

    pub(super) fn optional(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(value),
            None => {
                self.separate();
                self.buffer.extend_from_slice(b"\\N");
                self
            }
        }
    }

    pub(super) fn int(&mut self, value: i64) -> &mut Self {
        self.separate();
        self.buffer.extend_from_slice(value.to_string().as_bytes());
        self
    }

    /// Seconds since the epoch, as a UTC timestamp.
    pub(super) fn time(&mut self, seconds: i64) -> &mut Self {
        self.separate();
        let at = time::OffsetDateTime::from_unix_timestamp(seconds)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let text = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}+00",
            at.year(),
            at.month() as u8,
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        );
        self.buffer.extend_from_slice(text.as_bytes());
        self
    }

    pub(super) fn end_row(&mut self) {
        self.buffer.push(b'\n');
        self.first_field = true;
    }

    pub(super) async fn flush_if_full(&mut self) -> anyhow::Result<()> {
        if self.buffer.len() >= 1 << 20 {
            let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(1 << 20));
            self.copy.send(chunk).await?;
        }
        Ok(())
    }

    pub(super) async fn finish(mut self) -> anyhow::Result<u64> {
        if !self.buffer.is_empty() {
            let chunk = std::mem::take(&mut self.buffer);
            self.copy.send(chunk).await?;
        }
        Ok(self.copy.finish().await?)
    }
}
