//! Picture and file uploads: files chosen with the browser's own picker, checked against the
//! field's count, size and type limits before anything is sent, each sent on its own to
//! `POST /attachments` with a progress bar; the field's value is the list of stored files.

use leptos::prelude::*;
use serde_json::Value;
use woc_forms::Upload;

use super::inputs::Binding;
use crate::i18n::{forms as text, tr, use_locale, Locale};

/// A file on its way up (or refused before or after sending).
#[derive(Debug, Clone, PartialEq)]
struct Sending {
    key: u64,
    name: String,
    /// 0-100.
    progress: f64,
    /// Why it did not make it, in both languages.
    failed: Option<(String, String)>,
}

/// The attachments of a value: each an object with `id`/`url`, `name`, `size`.
fn files_of(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    }
}

fn field<'a>(file: &'a Value, key: &str) -> Option<&'a str> {
    file.get(key).and_then(Value::as_str)
}

/// Where a stored file is read.
fn href(file: &Value) -> Option<String> {
    match file {
        Value::String(id) => Some(format!("/attachments/{id}")),
        _ => field(file, "id")
            .map(|id| format!("/attachments/{id}"))
            .or_else(|| field(file, "url").map(str::to_owned)),
    }
}

fn name_of(file: &Value) -> String {
    field(file, "name")
        .or_else(|| file.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// `1.2 MB`, `340 KB`.
pub(super) fn size_text(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil())
    }
}

/// Whether a file of `name` and media type `ty` is one `accept` lets through (empty: any; for
/// pictures, `image/*`). Checked in the browser before sending (the server checks the field's
/// limits again when the form is submitted).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn accepted(accept: &[String], image: bool, name: &str, ty: &str) -> bool {
    let default = ["image/*".to_owned()];
    let list: &[String] = if accept.is_empty() && image {
        &default
    } else {
        accept
    };
    if list.is_empty() {
        return true;
    }
    let name = name.to_ascii_lowercase();
    let ty = ty.to_ascii_lowercase();
    list.iter().any(|a| {
        let a = a.to_ascii_lowercase();
        if a.starts_with('.') {
            name.ends_with(&a)
        } else if let Some(major) = a.strip_suffix("/*") {
            ty.starts_with(&format!("{major}/"))
        } else {
            ty == a
        }
    })
}

/// Stored files as links, pictures with a thumbnail (read-only).
pub(super) fn file_list(files: Vec<Value>, image: bool) -> impl IntoView {
    view! {
        <ul class="form-files">
            {files
                .into_iter()
                .map(|file| {
                    let link = href(&file);
                    let size = file.get("size").and_then(Value::as_f64);
                    view! {
                        <li class="form-file">
                            {(image && link.is_some()).then(|| {
                                view! { <img class="form-thumb" src=link.clone() alt="" loading="lazy" /> }
                            })}
                            <a href=link target="_blank" rel="noopener">{name_of(&file)}</a>
                            {size.map(|s| view! { <span class="muted">{size_text(s)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The upload control of one field.
pub(super) fn upload_control(b: Binding, upload: Upload, image: bool) -> AnyView {
    let Binding {
        id,
        read,
        write,
        locked,
        described_by,
        ..
    } = b;
    let locale = use_locale();
    let sending = RwSignal::new(Vec::<Sending>::new());
    let next_key = StoredValue::new(0u64);
    let max_files = upload.max_files as usize;
    let max_bytes = f64::from(upload.max_size_kb) * 1024.0;
    let accept_attr = if upload.accept.is_empty() && image {
        "image/*".to_owned()
    } else {
        upload.accept.join(",")
    };
    let accept = upload.accept.clone();
    let limits = move |locale: Locale| match locale {
        Locale::Zh => format!("最多 {max_files} 个，每个不超过 {}", size_text(max_bytes)),
        Locale::En => format!("Up to {max_files}, each at most {}", size_text(max_bytes)),
    };
    let on_change = move |ev: leptos::ev::Event| {
        let _ = (
            &accept, &write, &read, next_key, sending, max_files, max_bytes, image,
        );
        #[cfg(feature = "hydrate")]
        send_chosen(
            &ev, &accept, image, max_files, max_bytes, read, write, sending, next_key,
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let remove = move |index: usize| {
        let mut files = files_of(&read.get_untracked());
        if index < files.len() {
            files.remove(index);
        }
        write.run(if files.is_empty() {
            Value::Null
        } else {
            Value::Array(files)
        });
    };
    view! {
        <div class="form-upload">
            <ul class="form-files">
                {move || {
                    files_of(&read.get())
                        .into_iter()
                        .enumerate()
                        .map(|(index, file)| {
                            let name = name_of(&file);
                            let link = href(&file);
                            let size = file.get("size").and_then(Value::as_f64);
                            let label = name.clone();
                            view! {
                                <li class="form-file">
                                    {(image && link.is_some()).then(|| {
                                        view! { <img class="form-thumb" src=link.clone() alt="" loading="lazy" /> }
                                    })}
                                    <a href=link target="_blank" rel="noopener">{name}</a>
                                    {size.map(|s| view! { <span class="muted">{size_text(s)}</span> })}
                                    {(!locked).then(|| view! {
                                        <button
                                            type="button"
                                            class="link-button danger"
                                            aria-label=move || format!("{} {label}", text::ROW_REMOVE.of(locale.get()))
                                            on:click=move |_| remove(index)
                                        >
                                            {tr(text::ROW_REMOVE)}
                                        </button>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    sending
                        .get()
                        .into_iter()
                        .map(|s| {
                            let key = s.key;
                            let name = s.name.clone();
                            match s.failed {
                                None => view! {
                                    <li class="form-file form-file-sending">
                                        <span>{name.clone()}</span>
                                        <progress max="100" value=s.progress aria-label=name></progress>
                                    </li>
                                }
                                .into_any(),
                                Some((zh, en)) => view! {
                                    <li class="form-file form-file-failed" role="alert">
                                        <span>{name}</span>
                                        <span class="field-error">{move || if locale.get() == Locale::Zh { zh.clone() } else { en.clone() }}</span>
                                        <button
                                            type="button"
                                            class="link-button"
                                            on:click=move |_| sending.update(|all| all.retain(|s| s.key != key))
                                        >
                                            {tr(text::DISMISS)}
                                        </button>
                                    </li>
                                }
                                .into_any(),
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {(!locked).then(|| view! {
                <label class="button form-upload-pick">
                    <input
                        id=id
                        type="file"
                        class="visually-hidden"
                        accept=accept_attr
                        multiple={max_files > 1}
                        aria-describedby=described_by
                        disabled={move || files_of(&read.get()).len() >= max_files}
                        on:change=on_change
                    />
                    {tr(if image { text::PICK_IMAGES } else { text::PICK_FILES })}
                </label>
                <p class="field-hint">{move || limits(locale.get())}</p>
            })}
        </div>
    }
    .into_any()
}

/// Checks the chosen files and sends those that pass, one request each.
#[cfg(feature = "hydrate")]
#[allow(clippy::too_many_arguments)]
fn send_chosen(
    ev: &leptos::ev::Event,
    accept: &[String],
    image: bool,
    max_files: usize,
    max_bytes: f64,
    read: Signal<Value>,
    write: Callback<Value>,
    sending: RwSignal<Vec<Sending>>,
    next_key: StoredValue<u64>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let input = event_target::<web_sys::HtmlInputElement>(ev);
    let Some(files) = input.files() else { return };
    let mut room = max_files
        .saturating_sub(files_of(&read.get_untracked()).len())
        .saturating_sub(
            sending.with_untracked(|s| s.iter().filter(|s| s.failed.is_none()).count()),
        );
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let name = file.name();
        let refusal = if room == 0 {
            Some(("超过了文件个数上限".to_owned(), "Too many files".to_owned()))
        } else if file.size() > max_bytes {
            Some((
                format!("文件不能超过 {}", size_text(max_bytes)),
                format!("Files must be at most {}", size_text(max_bytes)),
            ))
        } else if !accepted(accept, image, &name, &file.type_()) {
            Some((
                "不接受此类文件".to_owned(),
                "This type of file is not accepted".to_owned(),
            ))
        } else {
            None
        };
        let failed = refusal.is_some();
        sending.update(|all| {
            all.push(Sending {
                key,
                name: name.clone(),
                progress: 0.0,
                failed: refusal,
            })
        });
        if failed {
            continue;
        }
        room -= 1;
        let fail = move |zh: String, en: String| {
            sending.update(|all| {
                if let Some(s) = all.iter_mut().find(|s| s.key == key) {
                    s.failed = Some((zh.clone(), en.clone()));
                }
            })
        };
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            continue;
        };
        let Ok(form) = web_sys::FormData::new() else {
            continue;
        };
        if form
            .append_with_blob_and_filename("file", &file, &name)
            .is_err()
            || xhr.open("POST", "/attachments").is_err()
        {
            fail("无法发送".into(), "Cannot send".into());
            continue;
        }
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    let done = (e.loaded() / e.total() * 100.0).min(100.0);
                    sending.update(|all| {
                        if let Some(s) = all.iter_mut().find(|s| s.key == key) {
                            s.progress = done;
                        }
                    });
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        on_progress.forget();
        let answered = xhr.clone();
        let on_done = Closure::<dyn FnMut()>::new(move || {
            let status = answered.status().unwrap_or(0);
            let body = answered.response_text().ok().flatten().unwrap_or_default();
            if status == 200 {
                if let Ok(stored) = serde_json::from_str::<Value>(&body) {
                    let mut files = files_of(&read.get_untracked());
                    files.push(stored);
                    write.run(Value::Array(files));
                    sending.update(|all| all.retain(|s| s.key != key));
                    return;
                }
            }
            let worded = serde_json::from_str::<Vec<crate::error::FieldMessage>>(&body)
                .ok()
                .and_then(|list| list.into_iter().next());
            match (status, worded) {
                (_, Some(m)) => fail(m.zh, m.en),
                (413, None) => fail("文件太大".into(), "The file is too large".into()),
                (401, None) => fail("请重新登录".into(), "Please sign in again".into()),
                _ => fail(
                    "上传失败，请重试".into(),
                    "The upload failed; try again".into(),
                ),
            }
        });
        xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
        on_done.forget();
        if xhr.send_with_opt_form_data(Some(&form)).is_err() {
            fail("无法发送".into(), "Cannot send".into());
        }
    }
    // The same file can be chosen again after a refusal.
    input.set_value("");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_lists_match_names_and_types() {
        let list = vec![".pdf".to_owned(), "image/*".to_owned()];
        assert!(accepted(&list, false, "报告.PDF", "application/pdf"));
        assert!(accepted(&list, false, "a.png", "image/png"));
        assert!(!accepted(&list, false, "a.docx", "application/msword"));
        assert!(accepted(&[], true, "a.jpg", "image/jpeg"));
        assert!(!accepted(&[], true, "a.svg.txt", "text/plain"));
        assert!(accepted(&[], false, "anything", ""));
        assert_eq!(size_text(1536.0), "2 KB");
        assert_eq!(size_text(5.0 * 1024.0 * 1024.0), "5.0 MB");
    }
}
