//! A modal dialog on the native `<dialog>` element: the browser traps focus, Escape closes it
//! and the rest of the page is inert while it is open.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{common, use_locale};

/// A dialog shown while `open` is true; closing it (×, Escape) sets `open` to false. The
/// children are rendered only while open (in the browser, so server and hydration agree on an
/// empty dialog); the forms keep their values in the page's signals, so nothing typed is lost.
#[component]
pub fn Modal(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    /// Heading of the dialog.
    #[prop(into)]
    title: Signal<String>,
    /// Id of the heading, for `aria-labelledby`.
    id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_locale();
    let dialog = NodeRef::<html::Dialog>::new();
    // The dialog element has no `open` binding that also makes it modal; only showModal() does.
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
                // Start at the first field once the content is rendered, not at the × button.
                request_animation_frame(move || {
                    if let Ok(Some(first)) = el.query_selector(
                        "input:not([type=hidden]):not([readonly]), select, textarea, .modal-body button",
                    ) {
                        use leptos::wasm_bindgen::JsCast;
                        if let Ok(first) = first.dyn_into::<leptos::web_sys::HtmlElement>() {
                            let _ = first.focus();
                        }
                    }
                });
            }
        } else if el.open() {
            el.close();
        }
    });
    let title_id = format!("{id}-title");
    view! {
        <dialog
            node_ref=dialog
            class="modal"
            aria-labelledby=title_id
            on:close=move |_| open.set(false)
        >
            <h2 class="modal-title" id=title_id.clone()>{move || title.get()}</h2>
            <div class="modal-body">
                <Show when=move || open.get()>{children()}</Show>
            </div>
            // After the body, so the browser's initial focus lands in the form.
            <button
                    type="button"
                    class="icon-button modal-close"
                    aria-label=move || common::ACT_CLOSE.of(t.get())
                    on:click=move |_| open.set(false)
                >
                "×"
            </button>
        </dialog>
    }
}
