//! The firm's logo: checked on upload, served to the firm's own pages, and decoded for
//! invoice PDFs. A logo is a PNG of at most [`LOGO_MAX_BYTES`] and [`LOGO_MAX_PIXELS`] on a side;
//! the `png` crate decodes it whole on upload, so a file that merely claims to be a PNG is
//! refused. SVG is not accepted: it can carry scripts.
//!
//! - `POST /api/firm/logo`: the PNG is the body (those who manage settings). Answers the
//!   firm's profile as JSON, or an [`AppError`] as JSON with its status.
//! - `GET /firm/logo`: the logo, for the firm's signed-in users (404 when there is none).

use axum::Json;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::StatusCode;
use http::header::{
    CACHE_CONTROL, CONTENT_TYPE, ETAG, HeaderValue, IF_NONE_MATCH, X_CONTENT_TYPE_OPTIONS,
};
use http::request::Parts;

use crate::auth::Permission;
use crate::error::{AppError, FieldError};
use crate::firm_profile::store::{self, Logo};
use crate::firm_profile::{FirmProfile, LOGO_MAX_BYTES, LOGO_MAX_PIXELS, logo_too_large};
use crate::ssr::documents::routes::{failure, in_request, refusal};
use crate::ssr::state::AppState;
use crate::ssr::tenant::firm_db_for;

/// The routes, for the firm site's router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/firm/logo", post(upload))
        .route("/firm/logo", get(serve))
}

fn refused(message: &str) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "file".into(),
        message: message.into(),
    }])
}

/// Checks that `content` is a PNG Docket can show: small enough, and one that decodes.
pub fn check(content: Vec<u8>) -> Result<Logo, AppError> {
    if content.len() > LOGO_MAX_BYTES {
        return Err(refused(&logo_too_large()));
    }
    let not_png = || {
        refused(
            "That file is not a PNG image. Save the logo as PNG (most design tools export one) and upload it again.",
        )
    };
    // The size is in the header: a huge image is refused without being decoded.
    let (width, height) = size(&content).ok_or_else(not_png)?;
    if width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS {
        return Err(refused(&format!(
            "The logo is {width} × {height} pixels: choose one of at most {LOGO_MAX_PIXELS} pixels on each side."
        )));
    }
    let pixels = decode(&content).ok_or_else(not_png)?;
    Ok(Logo {
        width: pixels.width,
        height: pixels.height,
        content,
    })
}

/// A decoded logo: 8-bit RGB, with its alpha channel apart (as PDF images keep it).
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Three bytes a pixel, row by row.
    pub rgb: Vec<u8>,
    /// One byte a pixel, when the image has transparency.
    pub alpha: Option<Vec<u8>>,
}

/// A PNG's size in pixels, from its header; `None` if it does not start as a PNG.
fn size(content: &[u8]) -> Option<(u32, u32)> {
    let reader = png::Decoder::new(content).read_info().ok()?;
    Some(reader.info().size())
}

/// Decodes a PNG of at most [`LOGO_MAX_PIXELS`] a side into [`Pixels`]; `None` if it is not a
/// whole, readable PNG of that size.
pub fn decode(content: &[u8]) -> Option<Pixels> {
    let mut decoder = png::Decoder::new(content);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let (width, height) = reader.info().size();
    if width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS {
        return None;
    }
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).ok()?;
    let data = &buffer[..frame.buffer_size()];
    let (rgb, alpha): (Vec<u8>, Option<Vec<u8>>) = match frame.color_type {
        png::ColorType::Rgb => (data.to_vec(), None),
        png::ColorType::Rgba => (
            data.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect(),
            Some(data.chunks_exact(4).map(|p| p[3]).collect()),
        ),
        png::ColorType::Grayscale => (data.iter().flat_map(|&g| [g, g, g]).collect(), None),
        png::ColorType::GrayscaleAlpha => (
            data.chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0]])
                .collect(),
            Some(data.chunks_exact(2).map(|p| p[1]).collect()),
        ),
        png::ColorType::Indexed => return None,
    };
    Some(Pixels {
        width,
        height,
        rgb,
        alpha,
    })
}

async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let answer = in_request(&parts, receive(&state, &parts, body)).await;
    match answer {
        Ok(profile) => Json(profile).into_response(),
        Err(err) => failure(err),
    }
}

async fn receive(state: &AppState, parts: &Parts, body: Body) -> Result<FirmProfile, AppError> {
    let (firm, _) = firm_db_for(state, parts, Permission::SettingsManage).await?;
    let saved = async {
        // One byte over the limit is enough to know the file is too large.
        let content = to_bytes(body, LOGO_MAX_BYTES + 1)
            .await
            .map_err(|_| refused(&logo_too_large()))?;
        store::save_logo(&firm, check(content.to_vec())?).await
    }
    .await;
    let profile = firm.finish(saved).await?;
    state.sites.invalidate();
    Ok(profile)
}

async fn serve(State(state): State<AppState>, parts: Parts) -> Response {
    let answer = in_request(&parts, async {
        let (firm, _) = firm_db_for(&state, &parts, Permission::MattersRead).await?;
        let logo = store::logo(&firm).await;
        firm.finish(logo).await?.ok_or(AppError::NotFound)
    })
    .await;
    let logo = match answer {
        Ok(logo) => logo,
        Err(err) => return refusal(err),
    };
    let etag = HeaderValue::from_str(&format!("\"{}\"", logo.etag))
        .unwrap_or_else(|_| HeaderValue::from_static("\"logo\""));
    let headers = [
        (CONTENT_TYPE, HeaderValue::from_static("image/png")),
        (ETAG, etag.clone()),
        // Private: only the firm's signed-in users may have it. The URL carries the version,
        // so a new logo is a new URL.
        (
            CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=86400"),
        ),
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    ];
    if parts.headers.get(IF_NONE_MATCH) == Some(&etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, logo.content).into_response()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `width` × `height` RGBA PNG.
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| [(i % 256) as u8, 40, 200, if i % 2 == 0 { 255 } else { 0 }])
            .collect();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    fn message(err: AppError) -> String {
        match err {
            AppError::Invalid(errors) => errors[0].message.clone(),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_png_is_accepted_and_split_into_colour_and_alpha() {
        let logo = check(png(3, 2)).unwrap();
        assert_eq!((logo.width, logo.height), (3, 2));
        let pixels = decode(&logo.content).unwrap();
        assert_eq!(pixels.rgb.len(), 3 * 2 * 3);
        assert_eq!(pixels.alpha.unwrap(), [255, 0, 255, 0, 255, 0]);
    }

    #[test]
    fn what_is_not_a_png_is_refused_with_what_to_do() {
        let svg =
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec();
        assert!(message(check(svg).unwrap_err()).contains("Save the logo as PNG"));
        let mut cut = png(10, 10);
        cut.truncate(cut.len() / 2);
        assert!(check(cut).is_err(), "a truncated PNG does not decode");
    }

    #[test]
    fn too_large_is_refused() {
        assert!(message(check(png(2_001, 1)).unwrap_err()).contains("2001 × 1 pixels"));
        let big = vec![0; LOGO_MAX_BYTES + 1];
        assert!(message(check(big).unwrap_err()).contains("at most 512 KB"));
    }
}
