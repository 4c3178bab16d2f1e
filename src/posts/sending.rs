//! Sending the new-post form from the page, so that nothing is lost: the photo is
//! checked before it leaves (type and size, against the server's limit, which still
//! decides), a progress bar follows the upload and then the processing, and a refusal
//! leaves the form as it was, the chosen photo included. Without JavaScript the form
//! is a plain multipart post.

/// Where the upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    Idle,
    /// Sent so far, in percent.
    Uploading(u8),
    /// All sent; the server decodes, resizes and stores.
    Processing,
}

/// The types the server takes (it checks the bytes, not the name or the type).
pub const ACCEPTED_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// Why a chosen file of this MIME type and size cannot be shared, if it cannot.
pub fn check_file(mime_type: &str, bytes: f64, limit_mb: u64) -> Result<(), String> {
    if !ACCEPTED_TYPES.contains(&mime_type) {
        return Err("This file is not a photo we can take: choose a JPEG, PNG or WebP.".into());
    }
    // Megabytes as the server counts them (`MAX_UPLOAD_MB` × 10⁶ bytes).
    if bytes > (limit_mb * 1_000_000) as f64 {
        return Err(format!(
            "This photo is larger than {limit_mb} MB: choose a smaller one."
        ));
    }
    Ok(())
}

/// Posts `form` to its action asking for JSON, telling `progress` how far it got.
/// Answers the new post's address, or the message to show.
#[cfg(feature = "hydrate")]
pub async fn send(
    form: &web_sys::HtmlFormElement,
    progress: impl Fn(Sending) + Clone + 'static,
) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use crate::posts::UploadAnswer;

    let broken = || "The photo could not be sent. Please try again.".to_owned();
    let data = web_sys::FormData::new_with_form(form).map_err(|_| broken())?;
    let request = web_sys::XmlHttpRequest::new().map_err(|_| broken())?;
    request.open("POST", &form.action()).map_err(|_| broken())?;
    request
        .set_request_header("Accept", "application/json")
        .map_err(|_| broken())?;
    let upload = request.upload().map_err(|_| broken())?;
    let on_progress = {
        let progress = progress.clone();
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                let sent = (event.loaded() / event.total() * 100.0).clamp(0.0, 100.0);
                progress(Sending::Uploading(sent as u8));
            }
        })
    };
    let on_sent = {
        let progress = progress.clone();
        Closure::<dyn FnMut()>::new(move || progress(Sending::Processing))
    };
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));
    // Resolves when the request ends, however it ends (answered, failed, aborted).
    let ended = js_sys::Promise::new(&mut |resolve, _reject| {
        request.set_onloadend(Some(&resolve));
    });
    progress(Sending::Uploading(0));
    request
        .send_with_opt_form_data(Some(&data))
        .map_err(|_| broken())?;
    let _ = wasm_bindgen_futures::JsFuture::from(ended).await;
    // The handlers are done with once the request has ended.
    drop((on_progress, on_sent));

    let status = request.status().unwrap_or(0);
    if status == 0 {
        return Err("The photo could not be sent: check your connection and try again.".into());
    }
    let body = request.response_text().ok().flatten().unwrap_or_default();
    match serde_json::from_str::<UploadAnswer>(&body) {
        Ok(UploadAnswer::Shared { href }) => Ok(href),
        Ok(UploadAnswer::Refused { error }) => Err(error),
        // Answers that are not ours (a busy server, a proxy) carry plain text.
        Err(_) if !body.is_empty() && body.len() < 300 && !body.contains('<') => Err(body),
        Err(_) => Err(format!("Sharing failed ({status}). Please try again.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_photos_under_the_limit_may_leave() {
        assert!(check_file("image/jpeg", 1_000.0, 15).is_ok());
        assert!(check_file("image/webp", 15_000_000.0, 15).is_ok());
        let too_big = check_file("image/png", 15_000_001.0, 15).unwrap_err();
        assert!(too_big.contains("15 MB"), "{too_big}");
        for kind in ["image/gif", "text/html", "", "image/svg+xml"] {
            assert!(
                check_file(kind, 10.0, 15)
                    .unwrap_err()
                    .contains("JPEG, PNG or WebP")
            );
        }
    }
}
