//! The upload and download routes. They are plain HTTP rather than server functions because
//! the browser sends the raw file as the body (for upload progress) and downloads stream.
//! Mounted on the firm site's router, they pass the same middleware as every page (sessions,
//! site resolution, sign-in, same origin), and reach firm data like server functions do, through
//! [`firm_db_for`]: a signed-out upload is `Unauthorized`; a signed-out download is sent to the
//! sign-in page by the middleware, as any page is.
//!
//! - `POST /api/documents/upload?matter={id}` (a new document) or `?document={id}` (its next
//!   version): the file is the body, with `Content-Length`; a new document's name is the
//!   percent-encoded `x-file-name` header (a new version keeps the document's name). Answers the
//!   document as JSON, or an [`AppError`] as JSON with its status.
//! - `GET /documents/{id}/download` (the current version) and
//!   `GET /documents/{id}/versions/{version_id}/download`: the file as an attachment, streamed.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::{StreamExt, stream};
use http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue,
    X_CONTENT_TYPE_OPTIONS,
};
use http::request::Parts;
use leptos::context::provide_context;
use leptos::reactive::computed::ScopedFuture;
use leptos::reactive::owner::Owner;
use uuid::Uuid;

use super::{DocumentLimits, files, keys, transfer, upload};
use crate::auth::Permission;
use crate::documents::store::{self, Upload};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::errors::{internal, status_of};
use crate::ssr::state::AppState;
use crate::ssr::tenant::firm_db_for;

/// The header that carries a new document's percent-encoded name.
pub const FILE_NAME_HEADER: &str = "x-file-name";

/// How much of a refused upload's body is read and dropped, so the browser gets the answer
/// rather than a reset connection; past this the connection is simply closed.
const DRAIN_LIMIT: usize = 8 * 1024 * 1024;

/// The routes, for the firm site's router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/documents/upload", post(receive_upload))
        .route("/documents/{id}/download", get(download_current))
        .route(
            "/documents/{id}/versions/{version_id}/download",
            get(download_version),
        )
}

/// Runs `work` with the request's parts in the Leptos context, as server functions run, so
/// errors are logged and answered with the request id.
pub(crate) async fn in_request<T>(parts: &Parts, work: impl Future<Output = T>) -> T {
    let owner = Owner::new();
    owner
        .with(|| {
            provide_context(parts.clone());
            ScopedFuture::new(work)
        })
        .await
}

/// An error as JSON with its status.
pub(crate) fn failure(err: AppError) -> Response {
    (status_of(&err), Json(err)).into_response()
}

async fn receive_upload(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let answer = in_request(&parts, async {
        match accept(&state, &parts).await {
            Ok((me, target, limits)) => {
                upload::receive(&state, &me, target, &limits, body.into_data_stream()).await
            }
            Err(err) => {
                drain(body).await;
                Err(err)
            }
        }
    })
    .await;
    match answer {
        Ok(document) => Json(document).into_response(),
        Err(err) => failure(err),
    }
}

/// Everything an upload can be refused for before its body is read; the limits (the server's,
/// tightened by the firm's plan) that hold while it is read.
async fn accept(
    state: &AppState,
    parts: &Parts,
) -> Result<(CurrentUser, Upload, DocumentLimits), AppError> {
    let (firm, me) = firm_db_for(state, parts, Permission::DocumentsWrite).await?;
    let checked = async {
        let target = destination(parts)?;
        let length = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                AppError::BadRequest("send the file's size in the Content-Length header".into())
            })?;
        let plan = crate::ssr::plans::of_firm(firm.conn(), me.firm_id).await?;
        let limits = crate::ssr::plans::document_limits(state.document_limits, &plan);
        upload::check(&firm, &me, &target, length, &limits).await?;
        state.limits.upload(&me)?;
        Ok::<_, AppError>((target, limits))
    }
    .await;
    let (target, limits) = firm.finish(checked).await?;
    Ok((me, target, limits))
}

/// Where an upload goes, from the query (`matter=` or `document=`) and, for a new document, the
/// name header.
fn destination(parts: &Parts) -> Result<Upload, AppError> {
    let (mut matter, mut document) = (None, None);
    for pair in parts.uri.query().unwrap_or_default().split('&') {
        match pair.split_once('=') {
            Some(("matter", id)) => matter = Some(id),
            Some(("document", id)) => document = Some(id),
            _ => {}
        }
    }
    let id = |raw: &str| {
        Uuid::parse_str(raw).map_err(|_| AppError::BadRequest("that is not a valid id".into()))
    };
    match (matter, document) {
        (Some(matter), None) => Ok(Upload::NewDocument {
            matter_id: id(matter)?,
            name: files::upload_name(parts.headers.get(FILE_NAME_HEADER))?,
        }),
        (None, Some(document)) => Ok(Upload::NewVersion {
            document_id: id(document)?,
        }),
        _ => Err(AppError::BadRequest(
            "say where the file goes: ?matter={id} for a new document, or ?document={id} for a new version".into(),
        )),
    }
}

/// Reads and drops what is left of a refused upload's body, up to [`DRAIN_LIMIT`] bytes.
async fn drain(body: Body) {
    let mut body = body.into_data_stream();
    let mut read = 0;
    while read <= DRAIN_LIMIT {
        match body.next().await {
            Some(Ok(piece)) => read += piece.len(),
            _ => return,
        }
    }
}

async fn download_current(
    State(state): State<AppState>,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    let answer = in_request(&parts, download(&state, &parts, &id, None)).await;
    answer.unwrap_or_else(refusal)
}

async fn download_version(
    State(state): State<AppState>,
    Path((id, version_id)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let answer = in_request(&parts, download(&state, &parts, &id, Some(&version_id))).await;
    answer.unwrap_or_else(refusal)
}

/// A refused download in words, for the browser tab it opens in.
pub(crate) fn refusal(err: AppError) -> Response {
    (status_of(&err), err.to_string()).into_response()
}

/// The file of the document's current version, or of `version`, as an attachment. The first
/// chunk is opened before answering, so a file that does not open at all is a 500, not a 200
/// cut short; a later failure cuts the body short.
async fn download(
    state: &AppState,
    parts: &Parts,
    document: &str,
    version: Option<&str>,
) -> Result<Response, AppError> {
    let (firm, me) = firm_db_for(state, parts, Permission::DocumentsRead).await?;
    let found = async {
        let document = Uuid::parse_str(document).map_err(|_| AppError::NotFound)?;
        let version = version
            .map(|v| Uuid::parse_str(v).map_err(|_| AppError::NotFound))
            .transpose()?;
        let found = store::downloadable(&firm, &me, document, version).await?;
        firm.log(
            "export",
            "documents",
            Some(found.0.id),
            serde_json::json!({ "name": found.0.name, "version": found.1.number }),
        );
        Ok(found)
    }
    .await;
    let (document, version) = firm.finish(found).await?;
    let key = keys::firm_key(&state.db, &state.master_key, me.firm_id)
        .await?
        .file_key(&version)?;
    let mut file = transfer::open(&state.storage, &key, me.firm_id, &version).await?;
    let first = match file.next().await {
        Some(Err(err)) => return Err(internal(&err)),
        first => first,
    };
    let mut response = Response::new(Body::from_stream(stream::iter(first).chain(file)));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&version.content_type)
            .unwrap_or_else(|_| HeaderValue::from_static(files::BINARY)),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(version.size));
    headers.insert(CONTENT_DISPOSITION, files::attachment(&document.name));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
