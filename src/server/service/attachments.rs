//! Files attached to forms (picture and file uploads): the bytes in an object store (a folder
//! under the data directory by default, an S3-compatible bucket when configured, both through
//! the `object_store` crate), what they are in the `attachments` table.
//!
//! An attachment's id is a random 128-bit value: whoever has it may download the file (what a
//! form's value hands to everyone who may read the form). Files are never served inline unless
//! they are raster pictures: HTML, SVG and anything else come as a download, so an uploaded
//! page can never run on the app's origin.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::ObjectStore;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::with_pool;

/// Where attachments' bytes are kept, and how large one may be.
#[derive(Clone)]
pub struct AttachmentStore {
    objects: Arc<dyn ObjectStore>,
    max_bytes: u64,
}

impl std::fmt::Debug for AttachmentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentStore")
            .field("objects", &self.objects.to_string())
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl AttachmentStore {
    /// Over any object store; `max_bytes` bounds one file.
    pub fn new(objects: Arc<dyn ObjectStore>, max_bytes: u64) -> AttachmentStore {
        AttachmentStore { objects, max_bytes }
    }

    /// Files in `folder` on this machine (created when missing).
    pub fn local(folder: &std::path::Path, max_bytes: u64) -> Result<AttachmentStore, String> {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        let objects = object_store::local::LocalFileSystem::new_with_prefix(folder)
            .map_err(|e| format!("cannot use {}: {e}", folder.display()))?;
        Ok(AttachmentStore::new(Arc::new(objects), max_bytes))
    }

    /// An S3-compatible bucket: credentials and region from the standard `AWS_*` variables,
    /// `endpoint` for MinIO, Ceph and the like (plain http allowed for a local one).
    pub fn s3(
        bucket: &str,
        endpoint: Option<&str>,
        max_bytes: u64,
    ) -> Result<AttachmentStore, String> {
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        let objects = builder
            .build()
            .map_err(|e| format!("cannot use bucket {bucket}: {e}"))?;
        Ok(AttachmentStore::new(Arc::new(objects), max_bytes))
    }

    /// The largest file accepted, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }
}

/// A stored file.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Attachment {
    /// Random id (32 hex digits).
    pub attachment_id: String,
    /// File name as uploaded (without any folder).
    pub name: String,
    /// Media type as declared by the uploader.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Uploader.
    pub created_by: String,
    /// Upload time, epoch millis.
    pub created_at: i64,
}

impl Attachment {
    /// The value a form holds for it (`docs/form-schema.md`).
    pub fn form_value(&self) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::String(self.attachment_id.clone()));
        object.insert("name".into(), Value::String(self.name.clone()));
        object.insert("size".into(), Value::from(self.size));
        object.insert(
            "contentType".into(),
            Value::String(self.content_type.clone()),
        );
        Value::Object(object)
    }

    /// Whether a browser may show it inline: raster pictures only (never HTML or SVG).
    pub fn shows_inline(&self) -> bool {
        matches!(
            self.content_type.as_str(),
            "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/bmp"
        )
    }
}

/// The last part of an uploaded file's name, trimmed, at most 200 characters; control
/// characters dropped.
fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    cleaned.trim().to_owned()
}

/// A declared media type if it looks like one, else `application/octet-stream`.
fn clean_type(content_type: Option<&str>) -> String {
    let ty = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let valid = ty.len() <= 100
        && ty.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && ty
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/+-.".contains(c))
        });
    if valid {
        ty
    } else {
        "application/octet-stream".into()
    }
}

/// Stores one uploaded file for `actor`.
pub async fn upload(
    db: &Db,
    files: &AttachmentStore,
    actor: &Actor,
    name: &str,
    content_type: Option<&str>,
    bytes: Bytes,
) -> Result<Attachment, ServiceError> {
    let name = clean_name(name);
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(FieldProblem::missing("file"));
    }
    if bytes.is_empty() {
        problems.push(FieldProblem::new("file", "文件为空", "is empty"));
    }
    if bytes.len() as u64 > files.max_bytes {
        problems.push(FieldProblem::new(
            "file",
            format!("不能超过 {} KB", files.max_bytes / 1024),
            format!("must be at most {} KB", files.max_bytes / 1024),
        ));
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let attachment = Attachment {
        attachment_id: format!("{:032x}", rand::random::<u128>()),
        name,
        content_type: clean_type(content_type),
        size: bytes.len() as i64,
        created_by: actor.username().to_owned(),
        created_at: now_millis(),
    };
    let digest = hex(&Sha256::digest(&bytes));
    // The bytes first: a row never names a file that is not there.
    files
        .objects
        .put(&object_path(&attachment.attachment_id), bytes.into())
        .await
        .map_err(|e| ServiceError::Unavailable(format!("attachment store: {e}")))?;
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO attachments (attachment_id, name, content_type, size, sha256, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&attachment.attachment_id)
        .bind(&attachment.name)
        .bind(&attachment.content_type)
        .bind(attachment.size)
        .bind(&digest)
        .bind(&attachment.created_by)
        .bind(attachment.created_at)
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(attachment)
}

/// One attachment and its bytes.
pub async fn download(
    db: &Db,
    files: &AttachmentStore,
    id: &str,
) -> Result<(Attachment, Bytes), ServiceError> {
    let attachment = describe(db, &[id.to_owned()])
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)?;
    let bytes = files
        .objects
        .get(&object_path(id))
        .await
        .map_err(|e| match e {
            object_store::Error::NotFound { .. } => ServiceError::NotFound,
            other => ServiceError::Unavailable(format!("attachment store: {other}")),
        })?
        .bytes()
        .await
        .map_err(|e| ServiceError::Unavailable(format!("attachment store: {e}")))?;
    Ok((attachment, bytes))
}

/// The stored attachments among `ids` (unknown ids are left out).
pub async fn describe(db: &Db, ids: &[String]) -> Result<Vec<Attachment>, ServiceError> {
    let ids: Vec<&String> = ids.iter().filter(|id| is_id(id)).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(with_pool!(db, |pool| {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT attachment_id, name, content_type, size, created_by, created_at
             FROM attachments WHERE attachment_id IN (",
        );
        let mut list = query.separated(", ");
        for id in &ids {
            list.push_bind((*id).clone());
        }
        query.push(")");
        query.build_query_as().fetch_all(pool).await
    })?)
}

/// Whether `id` has the shape of an attachment id (32 lowercase hex digits).
pub fn is_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn object_path(id: &str) -> ObjectPath {
    // Two levels of folders by the id's first characters keep any one folder small.
    ObjectPath::from(format!("{}/{}/{id}", &id[..2], &id[2..4]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_types_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\me\\报修 照片.png"), "报修 照片.png");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\n.txt"), "ab.txt");
        assert_eq!(clean_type(Some("image/PNG; charset=x")), "image/png");
        assert_eq!(clean_type(Some("<script>")), "application/octet-stream");
        assert_eq!(clean_type(None), "application/octet-stream");
        assert!(is_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_id("../0123456789abcdef0123456789abc"));
    }
}
