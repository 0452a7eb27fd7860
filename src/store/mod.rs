//! The SQLite queue: opening it safely, its schema, reads for the console and writes of records.

mod audit;
mod chain;
mod check;
mod flags;
mod read;
mod record;
pub mod schema;
mod stress;
mod write;

pub use audit::AuditReading;
pub use check::{CheckReport, Finding};
pub use read::{QueueCounts, Scope, search_words};
pub use record::{MessageMatch, NewAction, RecordError, Recorded, Reply};
pub use stress::{NewRating, Rating, RatingOutcome};
pub use write::{Arrival, BatchOutcome, IncomingMessage, PastAction};

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How long a write waits for another process (the feeder) to finish its own.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Everything that can go wrong with the queue file. Each message names the
/// file, so the command line can print it as one line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open queue '{path}': the directory '{dir}' does not exist")]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    #[error("there is no queue at '{path}'")]
    Missing { path: PathBuf },
    #[error("'{path}' is not an inbasket database ({why})")]
    NotInbasket { path: PathBuf, why: String },
    #[error(
        "queue '{path}' has schema version {found}, newer than this inbasket knows ({known}): use a newer inbasket; nothing was changed"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("queue '{path}' is read-only ({reason}): nothing can be recorded")]
    ReadOnly { path: PathBuf, reason: String },
    #[error("queue '{path}' cannot use write-ahead logging (journal mode stays '{mode}')")]
    NoWal { path: PathBuf, mode: String },
    #[error("cannot open queue '{path}': {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("queue '{path}': {}", first_line(&.source.to_string()))]
    Sql { path: PathBuf, source: rusqlite::Error },
}

impl StoreError {
    /// True when another connection holds the write lock past the busy
    /// timeout: trying again later can succeed.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sql { source, .. }
                if matches!(source.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What opening may create. Only the console and `seed` create a queue; only
/// the default location's directories are created (a mistyped `--db` should
/// fail, not grow folders); reading commands never create anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creation {
    /// The file must exist.
    Never,
    /// A missing file is created; its directory must exist.
    File,
    /// A missing file and its missing directories are created.
    FileAndDirectories,
}

/// An open queue database.
pub struct Queue {
    conn: Connection,
    path: PathBuf,
    read_only: Option<String>,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue").field("path", &self.path).field("read_only", &self.read_only).finish()
    }
}

impl Queue {
    /// Opens (creating if need be) the queue at `path`, checks that it is an
    /// inbasket database this build understands, and migrates it forward.
    ///
    /// Nothing is written to a file that turns out not to be an inbasket
    /// queue, or whose schema is newer than this build. A file the user cannot
    /// write (or whose permissions allow no writing at all) is opened
    /// read-only: reads work, and every write is refused up front.
    pub fn open(path: &Path, creation: Creation) -> Result<Queue> {
        Queue::open_noting_upgrade(path, creation, |_, _| {})
    }

    /// [`Queue::open`], telling `upgrading` the schema versions (from, to)
    /// before an existing queue is upgraded: on a large queue that takes a
    /// few seconds, once.
    pub fn open_noting_upgrade(path: &Path, creation: Creation, upgrading: impl FnOnce(i64, i64)) -> Result<Queue> {
        let mut queue = Queue::open_unmigrated(path, creation)?;
        let version = queue.identify()?;
        if version > 0 && version < schema::LATEST_VERSION && queue.read_only.is_none() {
            upgrading(version, schema::LATEST_VERSION);
        }
        queue.migrate(version)?;
        Ok(queue)
    }

    /// Opens the queue as it is, without migrating it (for `check`, which
    /// reports an old schema rather than changing it). A new, empty file
    /// has schema version 0.
    pub fn open_unmigrated(path: &Path, creation: Creation) -> Result<Queue> {
        let path = path.to_path_buf();
        let read_only = match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                return Err(StoreError::NotInbasket { path, why: "it is a directory".into() });
            }
            Ok(meta) => {
                check_header(&path, meta.len())?;
                let reason = read_only_reason(&path, &meta);
                if meta.len() == 0 && reason.is_none() {
                    // An empty file is about to become a queue of patient messages.
                    fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                        .map_err(|source| StoreError::Io { path: path.clone(), source })?;
                }
                reason
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if creation == Creation::Never {
                    return Err(StoreError::Missing { path });
                }
                create_private_file(&path, creation)?;
                None
            }
            Err(source) => return Err(StoreError::Io { path, source }),
        };

        let flags =
            if read_only.is_some() { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE }
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|source| StoreError::Sql { path: path.clone(), source })?;
        let mut queue = Queue { conn, path, read_only };
        match queue.configure().and_then(|()| queue.identify()) {
            // A read-only queue in write-ahead-log mode needs its -shm file;
            // when nobody may create it (the directory is read-only too), the
            // file can still be read as it stands.
            Err(StoreError::Sql { source, .. })
                if queue.read_only.is_some()
                    && matches!(
                        source.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
                    ) =>
            {
                queue.reopen_immutable()?;
                queue.identify()?;
            }
            result => {
                result?;
            }
        }
        Ok(queue)
    }

    /// Reopens a read-only queue as an immutable file: SQLite reads it without
    /// its -shm file, and does not see later changes by other programs.
    fn reopen_immutable(&mut self) -> Result<()> {
        let uri = format!("file:{}?immutable=1", uri_path(&self.path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        self.conn = Connection::open_with_flags(uri, flags).map_err(|e| self.sql(e))?;
        if let Some(reason) = &mut self.read_only {
            reason.push_str("; read as it stood when opened");
        }
        self.configure()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why nothing can be recorded in this queue, if that is so.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Fails with a clear reason when the queue cannot take writes.
    pub fn ensure_writable(&self) -> Result<()> {
        match &self.read_only {
            None => Ok(()),
            Some(reason) => Err(StoreError::ReadOnly { path: self.path.clone(), reason: reason.clone() }),
        }
    }

    /// Changes whenever another connection commits to the database; poll it
    /// to notice the feeder's inserts.
    pub fn data_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA data_version", [], |row| row.get(0)).map_err(|e| self.sql(e))
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|e| self.sql(e))
    }

    fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sql { path: self.path.clone(), source }
    }

    /// Connection settings; none of them writes to the file.
    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.sql(e))?;
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON;
                 PRAGMA recursive_triggers = ON;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA synchronous = FULL;",
            )
            .map_err(|e| self.not_inbasket_or_sql(e))
    }

    /// Returns the schema version, after making sure the file is ours (or
    /// brand new) and not from a newer inbasket. Reads only.
    fn identify(&self) -> Result<i64> {
        let read = || -> rusqlite::Result<(i64, i64, i64)> {
            let app: i64 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let objects: i64 = self.conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            Ok((app, version, objects))
        };
        let (app, version, objects) = read().map_err(|e| self.not_inbasket_or_sql(e))?;
        let fresh = app == 0 && version == 0 && objects == 0;
        if (app != schema::APPLICATION_ID && !fresh) || version < 0 {
            return Err(StoreError::NotInbasket {
                path: self.path.clone(),
                why: "it is an SQLite database of another program".into(),
            });
        }
        if version > schema::LATEST_VERSION {
            return Err(StoreError::TooNew { path: self.path.clone(), found: version, known: schema::LATEST_VERSION });
        }
        Ok(version)
    }

    /// Brings the schema to the latest version in one transaction.
    fn migrate(&mut self, found: i64) -> Result<()> {
        if found == schema::LATEST_VERSION {
            return Ok(());
        }
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: format!("{reason}; it needs upgrading from schema version {found}"),
            });
        }
        let mode: String =
            self.conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(|e| self.sql(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal { path: self.path.clone(), mode });
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Sql { path: path.clone(), source })?;
        let sql = |source| StoreError::Sql { path: path.clone(), source };
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
        if current > schema::LATEST_VERSION {
            return Err(StoreError::TooNew { path: path.clone(), found: current, known: schema::LATEST_VERSION });
        }
        for migration in &schema::MIGRATIONS[current as usize..] {
            tx.execute_batch(migration).map_err(sql)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {};",
            schema::LATEST_VERSION,
            schema::APPLICATION_ID
        ))
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    fn not_inbasket_or_sql(&self, source: rusqlite::Error) -> StoreError {
        match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                StoreError::NotInbasket { path: self.path.clone(), why: "file is not a database".into() }
            }
            _ => self.sql(source),
        }
    }
}

/// A path for an SQLite URI: everything but plain characters percent-encoded.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// SQLite's messages can carry a whole statement; one line is enough.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}

/// Refuses, before SQLite touches it, a non-empty file without the SQLite header.
fn check_header(path: &Path, len: u64) -> Result<()> {
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    let read = OpenOptions::new().read(true).open(path).and_then(|mut file| file.read_exact(&mut header));
    match read {
        Ok(()) if &header == SQLITE_HEADER => Ok(()),
        Ok(()) => Err(StoreError::NotInbasket { path: path.to_path_buf(), why: "no SQLite header".into() }),
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => {
            Err(StoreError::NotInbasket { path: path.to_path_buf(), why: "too short to be a database".into() })
        }
        Err(source) => Err(StoreError::Io { path: path.to_path_buf(), source }),
    }
}

/// Why an existing file must be opened read-only, if it must. Permission bits
/// that allow nobody to write are honoured even for a superuser.
fn read_only_reason(path: &Path, meta: &fs::Metadata) -> Option<String> {
    if meta.permissions().mode() & 0o222 == 0 {
        return Some("the file's permissions allow no writing".into());
    }
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: access() only reads the NUL-terminated path we pass it.
    let writable = unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } == 0;
    if !writable {
        return Some("this user may not write to the file".into());
    }
    None
}

/// Creates an empty queue file readable and writable by its owner only
/// (SQLite gives its -wal and -shm files the same mode).
fn create_private_file(path: &Path, creation: Creation) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        match creation {
            Creation::Never | Creation::File => {
                return Err(StoreError::MissingDirectory { path: path.to_path_buf(), dir });
            }
            Creation::FileAndDirectories => {
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(&dir)
                    .map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
            }
        }
    }
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago: open that one.
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::Io { path: path.to_path_buf(), source }),
    }
}
